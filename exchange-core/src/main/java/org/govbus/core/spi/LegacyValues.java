package org.govbus.core.spi;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.govbus.core.id.CitizenIdNumber;
import org.govbus.core.record.Problems;

/**
 * Conversions every mapper needs, from the values legacy systems hold (text with padding, codes, dates as
 * 'yyyyMMdd' text, JDBC timestamps, or the strings an HTTP push carries) to canonical values. Each one
 * reports a problem naming the column and the rule instead of returning a silent null.
 */
@Evolving
public final class LegacyValues {

    /** Dates as 'yyyyMMdd' text, as many legacy systems keep them. */
    public static final String YYYYMMDD = "yyyyMMdd";
    /** Dates as 'yyyy-MM-dd' text. */
    public static final String ISO_DATE = "yyyy-MM-dd";

    private LegacyValues() {
    }

    /** Trimmed text; blank is {@code null}. */
    public static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    /** Text that must be present, with at most {@code maxLength} characters. */
    public static String required(Map<String, Object> row, String column, int maxLength, Problems problems) {
        String v = text(row.get(column));
        if (v == null) {
            problems.add(column, null, "required", "a value is required");
        } else if (v.codePointCount(0, v.length()) > maxLength) {
            problems.add(column, v, "max-length", "at most " + maxLength + " characters");
        }
        return v;
    }

    /** Text that must match a pattern; {@code what} says in words what the pattern allows. */
    public static String pattern(Map<String, Object> row, String column, String regex, String what, Problems problems) {
        String v = text(row.get(column));
        if (v == null || !v.matches(regex)) {
            problems.add(column, v, "pattern", "must be " + what);
        }
        return v;
    }

    /** A legacy code mapped through a code list; an unknown or missing code is an error, never a null. */
    public static String code(Map<String, Object> row, String column, Map<String, String> codes, Problems problems) {
        String v = text(row.get(column));
        String symbol = v == null ? null : codes.get(v);
        if (symbol == null) {
            problems.add(column, v, "code-list", "unknown code; allowed: " + new TreeSet<>(codes.keySet()));
        }
        return symbol;
    }

    /** A citizen ID number, checked by GB 11643, with an upper-case check character. */
    public static String idNumber(Map<String, Object> row, String column, Problems problems) {
        String v = text(row.get(column));
        Optional<String> problem = CitizenIdNumber.problem(v);
        if (problem.isPresent()) {
            problems.add(column, v, "id-number", "not a valid citizen ID number (GB 11643): " + problem.get());
            return v;
        }
        return v.toUpperCase(Locale.ROOT);
    }

    /**
     * A date from a JDBC date, or from text in the given form ({@link #YYYYMMDD} or {@link #ISO_DATE});
     * checked against a range.
     *
     * @param required whether a missing value is a problem
     */
    public static LocalDate date(Map<String, Object> row, String column, String textForm, boolean required,
            LocalDate earliest, LocalDate latest, Problems problems) {
        Object raw = row.get(column);
        LocalDate d;
        if (raw instanceof java.sql.Date sqlDate) {
            d = sqlDate.toLocalDate();
        } else if (raw instanceof LocalDate ld) {
            d = ld;
        } else {
            String v = text(raw);
            if (v == null) {
                if (required) {
                    problems.add(column, null, "required", "a date is required");
                }
                return null;
            }
            try {
                d = LocalDate.parse(v, DateTimeFormatter.ofPattern(textForm.replace("yyyy", "uuuu"))
                        .withResolverStyle(ResolverStyle.STRICT));
            } catch (DateTimeParseException e) {
                problems.add(column, v, "date", "not a date in the form " + textForm);
                return null;
            }
        }
        if (latest != null && d.isAfter(latest)) {
            problems.add(column, d, "not-future", "date " + d + " is after " + latest);
        } else if (earliest != null && d.isBefore(earliest)) {
            problems.add(column, d, "range", "date " + d + " is before " + earliest);
        }
        return d;
    }

    /**
     * A point in time from a JDBC timestamp (local time of the source's zone), ISO text with or without an
     * offset, 'yyyy-MM-dd HH:mm:ss[.SSS]' text, or epoch milliseconds.
     */
    public static Instant instant(Map<String, Object> row, String column, ZoneId zone, Problems problems) {
        Object v = row.get(column);
        try {
            if (v instanceof java.sql.Timestamp t) {
                return t.toLocalDateTime().atZone(zone).toInstant();
            }
            if (v instanceof LocalDateTime t) {
                return t.atZone(zone).toInstant();
            }
            if (v instanceof OffsetDateTime t) {
                return t.toInstant();
            }
            if (v instanceof Number n) {
                return Instant.ofEpochMilli(n.longValue());
            }
            String s = text(v);
            if (s != null) {
                String iso = s.replace(' ', 'T');
                if (iso.endsWith("Z") || iso.matches(".*[+-]\\d{2}:\\d{2}$")) {
                    return OffsetDateTime.parse(iso).toInstant();
                }
                return LocalDateTime.parse(iso).atZone(zone).toInstant();
            }
        } catch (DateTimeException e) {
            problems.add(column, v, "timestamp", "not a time in the form yyyy-MM-dd HH:mm:ss");
            return null;
        }
        problems.add(column, null, "required", "a time is required");
        return null;
    }
}
