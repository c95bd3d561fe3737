package org.govbus.app.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage log: every read of shared data by a receiving agency (which system, why, what, how much, how long),
 * refusals included. Rows hold SQL and names of datasets and columns, never values read.
 */
public class UsageLog {

    private static final Logger LOG = LoggerFactory.getLogger(UsageLog.class);

    private final DataSource dataSource;

    /** One use. */
    public record Use(String agency, String system, String purpose, String channel, String sql,
            Map<String, Set<String>> read, long rows, long millis, String outcome) {
    }

    public UsageLog(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS govbus");
            s.execute("CREATE TABLE IF NOT EXISTS govbus.usage_log (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                    + "at TIMESTAMP WITH TIME ZONE NOT NULL, agency VARCHAR(64) NOT NULL, system_name VARCHAR(128), "
                    + "purpose VARCHAR(1000), channel VARCHAR(32) NOT NULL, sql_text CLOB, datasets VARCHAR(4000), "
                    + "columns_read CLOB, rows_returned BIGINT NOT NULL, millis BIGINT NOT NULL, outcome VARCHAR(2000) NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS usage_log_agency_at ON govbus.usage_log (agency, at)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the usage log", e);
        }
    }

    public void record(Use u) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO govbus.usage_log (at, agency, system_name, purpose, channel, sql_text, datasets, "
                        + "columns_read, rows_returned, millis, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, Instant.now().atOffset(ZoneOffset.UTC));
            ps.setString(2, u.agency());
            ps.setString(3, u.system());
            ps.setString(4, cut(u.purpose(), 1000));
            ps.setString(5, u.channel());
            ps.setString(6, u.sql());
            ps.setString(7, cut(String.join(",", new TreeMap<>(u.read()).keySet()), 4000));
            ps.setString(8, new TreeMap<>(u.read()).toString());
            ps.setLong(9, u.rows());
            ps.setLong(10, u.millis());
            ps.setString(11, cut(u.outcome(), 2000));
            ps.executeUpdate();
        } catch (SQLException e) {
            // A read that cannot be logged must not look logged: say so loudly.
            LOG.error("cannot write the usage log for {}/{}: {}", u.agency(), u.system(), e.getMessage());
            throw new IllegalStateException("cannot write the usage log", e);
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
