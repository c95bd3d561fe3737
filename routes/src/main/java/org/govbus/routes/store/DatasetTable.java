package org.govbus.routes.store;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.govbus.core.spi.SourceDefinition;

/**
 * The queryable table of a dataset, derived from its canonical schema: schema {@code "<agency>"}, table
 * {@code "<dataset>"}, one column per field, all names quoted in lower snake case so that every engine shows
 * the same names.
 */
public final class DatasetTable {

    private final String dataset;
    private final Schema schema;
    private final String keyField;

    public DatasetTable(SourceDefinition source, Schema schema) {
        this.dataset = source.dataset();
        this.schema = schema;
        this.keyField = source.keyField();
        if (schema.getField(keyField) == null) {
            throw new IllegalArgumentException("key field " + keyField + " is not in schema " + schema.getFullName());
        }
    }

    public String dataset() {
        return dataset;
    }

    public String agencySchema() {
        return dataset.substring(0, dataset.indexOf('.'));
    }

    public String tableName() {
        return dataset.substring(dataset.indexOf('.') + 1);
    }

    String qualified() {
        return q(agencySchema()) + "." + q(tableName());
    }

    List<String> ddl() {
        String cols = schema.getFields().stream()
                .map(f -> q(f.name()) + " " + sqlType(f.schema()) + (nullable(f.schema()) ? "" : " NOT NULL"))
                .collect(Collectors.joining(", "));
        List<String> ddl = new java.util.ArrayList<>(List.of("CREATE SCHEMA IF NOT EXISTS " + q(agencySchema()),
                "CREATE TABLE IF NOT EXISTS " + qualified() + " (" + cols + ", PRIMARY KEY (" + q(keyField) + "))"));
        // Approval systems look people up by ID number: each column that identifies a person gets an index.
        for (Schema.Field f : schema.getFields()) {
            if ("id_number".equals(String.valueOf(f.getObjectProp("govbus.sensitive")))) {
                ddl.add("CREATE INDEX IF NOT EXISTS " + q(tableName() + "_" + f.name() + "_idx") + " ON " + qualified()
                        + " (" + q(f.name()) + ")");
            }
        }
        return ddl;
    }

    String mergeSql() {
        List<Schema.Field> fields = schema.getFields();
        return "MERGE INTO " + qualified() + " ("
                + fields.stream().map(f -> q(f.name())).collect(Collectors.joining(", "))
                + ") KEY (" + q(keyField) + ") VALUES ("
                + fields.stream().map(f -> "?").collect(Collectors.joining(", ")) + ")";
    }

    String deleteSql() {
        return "DELETE FROM " + qualified() + " WHERE " + q(keyField) + " = ?";
    }

    /** JDBC parameters of a row, in field order. */
    Object[] parameters(Map<String, Object> values) {
        List<Schema.Field> fields = schema.getFields();
        Object[] out = new Object[fields.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = values.get(fields.get(i).name());
            if (v instanceof LocalDate d) {
                v = Date.valueOf(d);
            } else if (v instanceof Instant t) {
                v = Timestamp.valueOf(t.atOffset(ZoneOffset.UTC).toLocalDateTime());
            } else if (v instanceof Enum<?> e) {
                v = e.name();
            }
            out[i] = v;
        }
        return out;
    }

    static String q(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static boolean nullable(Schema s) {
        return s.getType() == Schema.Type.UNION && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }

    private static String sqlType(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            return sqlType(s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow());
        }
        LogicalType logical = s.getLogicalType();
        if (logical instanceof LogicalTypes.Date) {
            return "DATE";
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return "TIMESTAMP";
        }
        return switch (s.getType()) {
            case STRING -> "VARCHAR";
            case ENUM -> "VARCHAR(64)";
            case INT -> "INTEGER";
            case LONG -> "BIGINT";
            case DOUBLE -> "DOUBLE PRECISION";
            case FLOAT -> "REAL";
            case BOOLEAN -> "BOOLEAN";
            case BYTES -> "VARBINARY";
            default -> throw new IllegalArgumentException("field type " + s.getType() + " has no column type yet");
        };
    }
}
