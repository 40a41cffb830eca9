package se.nyckelfri.access.resident;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.nyckelfri.access.system.InvalidInputException;

/**
 * A Swedish personal identity number (personnummer) or coordination number (samordningsnummer), normalised to
 * twelve digits {@code YYYYMMDDNNNC}. Its {@link #toString()} never shows the number.
 */
public final class PersonalIdentityNumber {

    private static final Pattern FORMAT = Pattern.compile("(\\d{8})-?(\\d{4})");

    private final String digits;

    private PersonalIdentityNumber(String digits) {
        this.digits = digits;
    }

    /**
     * Parses {@code YYYYMMDD-NNNC} or {@code YYYYMMDDNNNC}; the date must exist (day + 60 for a coordination
     * number) and the Luhn check digit must match.
     *
     * @throws InvalidInputException naming {@code field} otherwise, without echoing the value
     */
    public static PersonalIdentityNumber parse(String text, String field) {
        Matcher m = text == null ? null : FORMAT.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new InvalidInputException(field, "must be 12 digits, YYYYMMDD-NNNN");
        }
        String digits = m.group(1) + m.group(2);
        int day = Integer.parseInt(digits.substring(6, 8));
        try {
            LocalDate.of(Integer.parseInt(digits.substring(0, 4)), Integer.parseInt(digits.substring(4, 6)),
                    day > 60 ? day - 60 : day);
        } catch (DateTimeException e) {
            throw new InvalidInputException(field, "does not start with a valid date");
        }
        if (!luhnValid(digits.substring(2))) {
            throw new InvalidInputException(field, "has a wrong check digit");
        }
        return new PersonalIdentityNumber(digits);
    }

    /** The twelve digits; handle as personal data. */
    public String digits() {
        return digits;
    }

    static boolean luhnValid(String tenDigits) {
        int sum = 0;
        for (int i = 0; i < tenDigits.length(); i++) {
            int d = tenDigits.charAt(i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** The check digit that makes the nine leading digits of a ten-digit number valid. */
    public static int checkDigit(String nineDigits) {
        for (int c = 0; c <= 9; c++) {
            if (luhnValid(nineDigits + c)) {
                return c;
            }
        }
        throw new IllegalArgumentException("not nine digits");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PersonalIdentityNumber other && other.digits.equals(digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }

    @Override
    public String toString() {
        return "PersonalIdentityNumber[redacted]";
    }
}
