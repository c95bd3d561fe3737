package org.govbus.connectors.jdbc;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDateTime;

/**
 * Where a JDBC poll got to: the watermark value of the last row read and that row's key. The next poll reads
 * rows after this pair, so rows that share a watermark value are neither skipped nor read twice.
 * Stored as text: {@code ts:2026-11-26T10:15:30.123|DJ0001} or {@code n:42|DJ0001}.
 */
public record Watermark(Object value, String key) {

    /** The start: before every row. */
    public static final Watermark START = new Watermark(null, null);

    public boolean isStart() {
        return value == null;
    }

    /** The stored form. */
    public String encode() {
        if (value == null) {
            return "";
        }
        String v = value instanceof LocalDateTime t ? "ts:" + t : "n:" + value;
        return v + "|" + key;
    }

    /** Reads the stored form; an empty or null text is the start. */
    public static Watermark decode(String text) {
        if (text == null || text.isEmpty()) {
            return START;
        }
        int bar = text.indexOf('|');
        String v = text.substring(0, bar);
        String key = text.substring(bar + 1);
        if (v.startsWith("ts:")) {
            return new Watermark(LocalDateTime.parse(v.substring(3)), key);
        }
        if (v.startsWith("n:")) {
            return new Watermark(new BigDecimal(v.substring(2)), key);
        }
        throw new IllegalArgumentException("not a stored watermark: " + text);
    }

    /** The watermark value of a column value read from JDBC. */
    static Object valueOf(Object column) {
        if (column instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (column instanceof LocalDateTime t) {
            return t;
        }
        if (column instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        throw new IllegalArgumentException("a watermark column must be a timestamp or a number, got "
                + (column == null ? "NULL" : column.getClass().getSimpleName()));
    }

    /** The JDBC parameter for the value. */
    Object parameter() {
        return value instanceof LocalDateTime t ? Timestamp.valueOf(t) : value;
    }
}
