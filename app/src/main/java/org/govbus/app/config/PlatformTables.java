package org.govbus.app.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Creates the platform's own tables in schema {@code govbus}, each store its own, at start. */
public final class PlatformTables {

    private PlatformTables() {
    }

    /** A {@code TIMESTAMP WITH TIME ZONE} column as an instant, {@code null} stays {@code null}. */
    public static java.time.Instant instant(java.sql.ResultSet rs, String column) throws SQLException {
        java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** An instant for a {@code TIMESTAMP WITH TIME ZONE} parameter, in UTC; {@code null} stays {@code null}. */
    public static java.time.OffsetDateTime utc(java.time.Instant i) {
        return i == null ? null : i.atOffset(java.time.ZoneOffset.UTC);
    }

    /**
     * Runs the DDL of one store in one connection, after creating the schema.
     *
     * @param what what the tables hold, for the error when it fails
     */
    public static void create(DataSource dataSource, String what, String... ddl) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS govbus");
            for (String sql : ddl) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the " + what + " tables: " + e.getMessage(), e);
        }
    }
}
