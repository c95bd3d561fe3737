package org.govbus.core.id;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The 18-character citizen identity number of GB 11643-1999: a 6-digit area code, an 8-digit birth date
 * (yyyyMMdd), a 3-digit sequence (odd for men, even for women) and a check character.
 */
public final class CitizenIdNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private CitizenIdNumber() {
    }

    /**
     * Says what is wrong with a candidate number, or nothing when it is valid.
     *
     * @return the name of the broken rule and an explanation, empty when valid
     */
    public static Optional<String> problem(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return Optional.of("missing");
        }
        if (candidate.length() != 18) {
            return Optional.of("must have 18 characters, has " + candidate.length());
        }
        for (int i = 0; i < 17; i++) {
            if (!Character.isDigit(candidate.charAt(i)) || candidate.charAt(i) > '9') {
                return Optional.of("character " + (i + 1) + " must be a digit");
            }
        }
        try {
            LocalDate birth = LocalDate.of(Integer.parseInt(candidate.substring(6, 10)),
                    Integer.parseInt(candidate.substring(10, 12)), Integer.parseInt(candidate.substring(12, 14)));
            if (birth.getYear() < 1800) {
                return Optional.of("birth date " + birth + " is before 1800");
            }
        } catch (DateTimeException e) {
            return Optional.of("characters 7-14 are not a valid birth date");
        }
        char expected = checkCharacter(candidate.substring(0, 17));
        if (Character.toUpperCase(candidate.charAt(17)) != expected) {
            return Optional.of("check character must be " + expected);
        }
        return Optional.empty();
    }

    /** True when the number passes every rule of {@link #problem(String)}. */
    public static boolean isValid(String candidate) {
        return problem(candidate).isEmpty();
    }

    /** The check character for the first 17 digits. */
    public static char checkCharacter(String first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("need the first 17 digits, got " + first17.length() + " characters");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** Builds a valid number from its parts; the sequence's parity gives the sex (odd: male). */
    public static String of(String areaCode, LocalDate birthDate, int sequence) {
        if (areaCode.length() != 6 || sequence < 0 || sequence > 999) {
            throw new IllegalArgumentException("area code has 6 digits and the sequence is 0..999");
        }
        String first17 = areaCode + String.format("%04d%02d%02d%03d",
                birthDate.getYear(), birthDate.getMonthValue(), birthDate.getDayOfMonth(), sequence);
        return first17 + checkCharacter(first17);
    }

    /** The birth date carried by a valid number. */
    public static LocalDate birthDate(String valid) {
        return LocalDate.of(Integer.parseInt(valid.substring(6, 10)), Integer.parseInt(valid.substring(10, 12)),
                Integer.parseInt(valid.substring(12, 14)));
    }

    /** True when the sequence digit of a valid number is odd. */
    public static boolean isMale(String valid) {
        return (valid.charAt(16) - '0') % 2 == 1;
    }
}
