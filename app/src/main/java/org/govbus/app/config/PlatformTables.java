package org.govbus.app.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Creates the platform's own tables in schema {@code govbus}, each store its own, at start. */
public final class PlatformTables {

    private PlatformTables() {
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
