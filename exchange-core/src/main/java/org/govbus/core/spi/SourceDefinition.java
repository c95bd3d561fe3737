package org.govbus.core.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One legacy source feeding one canonical dataset.
 *
 * @param name           unique source name, for example {@code civil.hydj}
 * @param agency         the agency that owns the source, for example {@code CIVIL}
 * @param dataset        the canonical dataset, {@code <agency>.<dataset>} in lower snake case
 * @param schema         the full name of the canonical Avro schema, for example
 *                       {@code org.govbus.canonical.MarriageRegistration}
 * @param keyField       the canonical field that identifies a record (one current row per key)
 * @param connector      connector type, for example {@code jdbc-poll}
 * @param options        connector options (JDBC URL, table, watermark column...)
 * @param sensitiveIdFields legacy and canonical field names whose values are ID numbers, masked in errors
 * @param mapper         legacy row to canonical values
 */
@Evolving
public record SourceDefinition(String name, String agency, String dataset, String schema, String keyField,
        String connector, Map<String, String> options, Set<String> sensitiveIdFields, RecordMapper mapper) {

    public SourceDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(keyField, "keyField");
        Objects.requireNonNull(mapper, "mapper");
        if (!dataset.matches("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("dataset '" + dataset
                    + "' must be <agency>.<dataset> in lower snake case, for example civil.marriage_registration");
        }
        options = Map.copyOf(options);
        sensitiveIdFields = Set.copyOf(sensitiveIdFields);
    }

    /** Never prints option values: a connector option may be a password. */
    @Override
    public String toString() {
        return "SourceDefinition[" + name + " -> " + dataset + " (" + schema + "), connector " + connector
                + ", options " + options.keySet() + "]";
    }

    /** The agency part of the dataset name. */
    public String datasetAgency() {
        return dataset.substring(0, dataset.indexOf('.'));
    }

    /** The table part of the dataset name. */
    public String datasetTable() {
        return dataset.substring(dataset.indexOf('.') + 1);
    }
}
