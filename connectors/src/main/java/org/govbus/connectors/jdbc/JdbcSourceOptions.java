package org.govbus.connectors.jdbc;

import java.util.Map;
import java.util.Objects;

/**
 * Options of a JDBC polling source.
 *
 * @param jdbcUrl         JDBC URL of the legacy database
 * @param user            database user
 * @param password        database password (secret: never logged or printed)
 * @param table           table to read, as the source spells it
 * @param watermarkColumn column that grows when a row changes (a last-update time or a sequence); none for a
 *                        table read by key-and-hash comparison
 * @param keyColumn       unique key column, the tie-breaker among rows with the same watermark
 * @param batchSize       rows read per poll
 */
public record JdbcSourceOptions(String jdbcUrl, String user, String password, String table, String watermarkColumn,
        String keyColumn, int batchSize) {

    public JdbcSourceOptions {
        Objects.requireNonNull(jdbcUrl, "jdbc-url");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(keyColumn, "key-column");
        for (String identifier : new String[] {table, watermarkColumn == null ? keyColumn : watermarkColumn, keyColumn}) {
            if (!identifier.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
                throw new IllegalArgumentException("'" + identifier + "' is not a plain SQL identifier");
            }
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("batch-size must be 1..100000, is " + batchSize);
        }
    }

    /** Reads the options from a source definition's option map (keys in kebab case). */
    public static JdbcSourceOptions from(Map<String, String> o) {
        return new JdbcSourceOptions(o.get("jdbc-url"), o.get("user"), o.get("password"), o.get("table"),
                o.get("watermark-column"), o.get("key-column"), Integer.parseInt(o.getOrDefault("batch-size", "500")));
    }

    @Override
    public String toString() {
        return "JdbcSourceOptions[" + jdbcUrl + ", user " + user + ", table " + table + ", watermark "
                + watermarkColumn + ", key " + keyColumn + ", batch " + batchSize + "]";
    }
}
