package org.govbus.connectors.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a legacy table incrementally: each poll returns the rows whose (watermark, key) pair comes after the
 * last one read, in that order, a batch at a time. The connector keeps no position of its own: the caller
 * stores the returned {@link Watermark} in the same transaction as the records, so a restart neither skips
 * nor repeats work. One connection is kept open and replaced when it fails. Tables without an update time are
 * read page by page in key order instead ({@link #page}).
 *
 * <p>A row whose watermark is set by a transaction that commits after later rows were read can be missed;
 * sources with long-running writers should poll with a lag (a later option) or use key-and-hash comparison.
 */
public final class JdbcPollingConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcPollingConnector.class);

    private final JdbcSourceOptions options;
    private final String firstSql;
    private final String nextSql;
    private Connection connection;

    public JdbcPollingConnector(JdbcSourceOptions options) {
        this.options = options;
        if (options.watermarkColumn() == null) {
            // Read by key and hash comparison (page), never polled.
            this.firstSql = null;
            this.nextSql = null;
            return;
        }
        String wm = options.watermarkColumn();
        String key = options.keyColumn();
        String select = "SELECT * FROM " + options.table();
        String order = " ORDER BY " + wm + ", " + key + " LIMIT " + options.batchSize();
        this.firstSql = select + " WHERE " + wm + " IS NOT NULL" + order;
        this.nextSql = select + " WHERE " + wm + " > ? OR (" + wm + " = ? AND " + key + " > ?)" + order;
    }

    /** Reads the next batch after a position. */
    public PolledBatch poll(Watermark after) throws SQLException {
        if (firstSql == null) {
            throw new IllegalStateException("polling " + options.table() + " needs option watermark-column; a table "
                    + "without one is read with connector jdbc-compare");
        }
        try {
            return read(after);
        } catch (SQLException e) {
            // One retry on a fresh connection: a legacy database restarts or drops idle connections.
            LOG.warn("poll of {} failed ({}); reconnecting", options.table(), e.getMessage());
            closeQuietly();
            return read(after);
        }
    }

    private PolledBatch read(Watermark after) throws SQLException {
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(after.isStart() ? firstSql : nextSql)) {
            if (!after.isStart()) {
                ps.setObject(1, after.parameter());
                ps.setObject(2, after.parameter());
                ps.setString(3, after.key());
            }
            List<Map<String, Object>> rows = new ArrayList<>(options.batchSize());
            Watermark last = after;
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                String[] names = new String[n];
                for (int i = 0; i < n; i++) {
                    names[i] = md.getColumnLabel(i + 1);
                }
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>(n * 2);
                    for (int i = 0; i < n; i++) {
                        row.put(names[i], rs.getObject(i + 1));
                    }
                    rows.add(row);
                    last = new Watermark(Watermark.valueOf(rs.getObject(options.watermarkColumn())),
                            rs.getString(options.keyColumn()));
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return new PolledBatch(rows, last, rows.size() == options.batchSize());
        }
    }

    /**
     * One page of the whole table in key order, after a key ({@code null}: from the start): how a table with no
     * update time is read, for comparison with what was read before.
     */
    public List<Map<String, Object>> page(String afterKey) throws SQLException {
        String sql = "SELECT * FROM " + options.table() + (afterKey == null ? "" : " WHERE " + options.keyColumn() + " > ?")
                + " ORDER BY " + options.keyColumn() + " LIMIT " + options.batchSize();
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (afterKey != null) {
                ps.setString(1, afterKey);
            }
            List<Map<String, Object>> rows = new ArrayList<>(options.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return rows;
        } catch (SQLException e) {
            closeQuietly();
            throw e;
        }
    }

    /** The key column as the source spells it. */
    public String keyColumn() {
        return options.keyColumn();
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Properties p = new Properties();
            if (options.user() != null) {
                p.setProperty("user", options.user());
            }
            if (options.password() != null) {
                p.setProperty("password", options.password());
            }
            connection = DriverManager.getConnection(options.jdbcUrl(), p);
            connection.setReadOnly(true);
        }
        return connection;
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
