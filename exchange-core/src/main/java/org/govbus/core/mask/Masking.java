package org.govbus.core.mask;

/**
 * The masking conventions seen in practice (../shared/DOMAIN.md): no national format is mandatory, so each
 * sensitive column names its kind and the kind picks the rule.
 */
public enum Masking {
    /** Keeps the first 6 and last 4 characters: {@code 110105********002X}. */
    ID_NUMBER(6, 4),
    /** Keeps the first 3 and last 4 characters: {@code 138****1234}. */
    MOBILE(3, 4),
    /** Keeps the first character: {@code 张*}. */
    NAME(1, 0),
    /** Hides everything. */
    FULL(0, 0);

    private final int keepStart;
    private final int keepEnd;

    Masking(int keepStart, int keepEnd) {
        this.keepStart = keepStart;
        this.keepEnd = keepEnd;
    }

    /** Masks a value; {@code null} stays {@code null}. Code points, not chars, so Chinese names stay whole. */
    public String apply(String value) {
        if (value == null) {
            return null;
        }
        int[] cps = value.codePoints().toArray();
        int n = cps.length;
        if (n == 0) {
            return value;
        }
        int start = Math.min(keepStart, n);
        int end = Math.min(keepEnd, n - start);
        if (start + end >= n) {
            // Too short to keep both ends: hide all but the first character, if any is kept at all.
            start = Math.min(Math.min(start, 1), n - 1);
            end = 0;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i < start || i >= n - end) {
                out.appendCodePoint(cps[i]);
            } else {
                out.append('*');
            }
        }
        return out.toString();
    }

    /** The kind named by a schema property value such as {@code id_number}, case-insensitive. */
    public static Masking forKind(String kind) {
        return valueOf(kind.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
