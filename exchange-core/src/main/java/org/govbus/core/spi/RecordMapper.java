package org.govbus.core.spi;

import java.util.Map;
import org.govbus.core.record.Problems;

/**
 * Turns one legacy row, in the department's own shape, into the canonical field values of a dataset.
 * A mapper converts and checks; it never drops a problem silently: an unknown code, a bad date or a bad ID
 * number is reported to {@code problems}, and the record then goes to the dead letters with every problem.
 */
@Evolving
public interface RecordMapper {

    /**
     * @param legacyRow column name to value, as the connector read it
     * @param problems  where to report each broken rule
     * @return canonical field name to value ({@link String}, {@link Integer}, {@link Long},
     *     {@link java.time.LocalDate}, {@link java.time.Instant}, or an enum symbol as {@link String});
     *     ignored when problems were reported
     */
    Map<String, Object> map(Map<String, Object> legacyRow, Problems problems);

    /** The legacy key of a row, used to name it in errors before it is mapped. */
    String legacyKey(Map<String, Object> legacyRow);
}
