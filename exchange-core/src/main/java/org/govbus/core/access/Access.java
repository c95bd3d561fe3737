package org.govbus.core.access;

import java.util.Map;
import java.util.Set;
import org.govbus.core.mask.Masking;

/**
 * What one agency may see of one dataset: applied to every row that leaves GovBus for that agency.
 *
 * @param dataset       the dataset
 * @param masked        columns to mask, with how
 * @param rowFilter     column to allowed values; empty for all rows
 * @param purposeKeys   when not empty, each read must be an equality on one of these columns
 * @param grantId       the grant this rests on, {@code null} for own or UNCONDITIONAL data
 */
public record Access(String dataset, Map<String, Masking> masked, Map<String, Set<String>> rowFilter,
        Set<String> purposeKeys, String grantId) {

    public Access {
        masked = Map.copyOf(masked);
        rowFilter = Map.copyOf(rowFilter);
        purposeKeys = Set.copyOf(purposeKeys);
    }

    /** Masks a value of a column as this access requires. */
    public Object apply(String column, Object value) {
        Masking m = masked.get(column);
        return m == null || value == null ? value : m.apply(value.toString());
    }

    /** True when a row with these values may be seen. */
    public boolean admits(Map<String, ?> row) {
        for (Map.Entry<String, Set<String>> e : rowFilter.entrySet()) {
            Object v = row.get(e.getKey());
            if (v == null || !e.getValue().contains(v.toString())) {
                return false;
            }
        }
        return true;
    }
}
