package se.nyckelfri.access.system;

import java.security.SecureRandom;

/**
 * Random pseudonyms such as {@code R-7KQ2M9XD4TBW}: what the audit log and the locks see instead of names.
 * They carry no information about the person. Thread-safe.
 */
public final class Pseudonyms {

    private static final char[] ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Pseudonyms() {
    }

    /** A new pseudonym with the given one-letter kind prefix and 60 random bits. */
    public static String next(char kind) {
        StringBuilder b = new StringBuilder(14).append(kind).append('-');
        for (int i = 0; i < 12; i++) {
            b.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return b.toString();
    }
}
