package se.nyckelfri.access.unlocking;

import java.util.regex.Pattern;
import se.nyckelfri.access.resident.PersonalIdentityNumber;
import se.nyckelfri.access.system.InvalidInputException;

/**
 * An emergency's reference to the alarm that caused it, as the alarm receiving centre numbers its events: digits,
 * optionally in dash-separated groups, optionally prefixed {@code LARM-} (e.g. {@code LARM-2026-004711}). It goes
 * into the append-only log and is shown to auditors, so it must never carry a name or a personal identity number:
 * letters other than the fixed prefix are refused, and so is any run of ten or twelve digits that reads as a
 * personal identity or coordination number (date and check digit), whatever the dashes.
 */
final class AlarmReference {

    static final String FIELD = "alarmReference";
    private static final Pattern SHAPE = Pattern.compile("(?:LARM-)?\\d{1,12}(?:-\\d{1,12}){0,2}");
    private static final int MAX_DIGITS = 16;

    private AlarmReference() {
    }

    /** {@code text} if it is a valid reference, {@code null} if absent; otherwise a 400 naming the field. */
    static String check(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.length() > 40 || !SHAPE.matcher(text).matches()) {
            throw new InvalidInputException(FIELD, "must be the alarm centre's event number: digits, optionally in groups "
                    + "separated by '-', optionally starting with 'LARM-' (e.g. LARM-2026-004711); never a name");
        }
        String digits = text.replace("LARM-", "").replace("-", "");
        if (digits.length() > MAX_DIGITS) {
            throw new InvalidInputException(FIELD, "must hold at most " + MAX_DIGITS + " digits");
        }
        if (holdsPersonalIdentityNumber(digits)) {
            throw new InvalidInputException(FIELD, "looks like a personal identity number; use the alarm centre's event number");
        }
        return text;
    }

    private static boolean holdsPersonalIdentityNumber(String digits) {
        for (int i = 0; i + 10 <= digits.length(); i++) {
            String ten = digits.substring(i, i + 10);
            if (parses("19" + ten) || parses("20" + ten)) {
                return true;
            }
            if (i + 12 <= digits.length() && parses(digits.substring(i, i + 12))) {
                return true;
            }
        }
        return false;
    }

    private static boolean parses(String twelve) {
        try {
            PersonalIdentityNumber.parse(twelve, FIELD);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }
}
