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
 *
 * <p>Uses are written by one writer thread in batches, one commit each: a synchronous commit per query would cost
 * a disk sync (milliseconds here) on every point lookup. The queue is bounded and a full queue makes readers wait,
 * so nothing is dropped; what a crash can lose is the last batch not yet committed (at most
 * {@value #FLUSH_MILLIS} ms of uses). {@link #close()} writes everything queued.
 */
public class UsageLog implements AutoCloseable {

    static final long FLUSH_MILLIS = 200;
    private static final int BATCH = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(UsageLog.class);

    private final DataSource dataSource;
    private final java.util.concurrent.BlockingQueue<Use> queue = new java.util.concurrent.LinkedBlockingQueue<>(100_000);
    private final Thread writer;
    private volatile boolean closing;
    private final Object written = new Object();
    private long enqueued;
    private long committed;

    /** One use. */
    public record Use(String agency, String system, String purpose, String channel, String sql,
            Map<String, Set<String>> read, long rows, long millis, String outcome, Instant at) {

        public Use(String agency, String system, String purpose, String channel, String sql,
                Map<String, Set<String>> read, long rows, long millis, String outcome) {
            this(agency, system, purpose, channel, sql, read, rows, millis, outcome, null);
        }
    }

    public UsageLog(DataSource dataSource) {
        this.dataSource = dataSource;
        org.govbus.app.config.PlatformTables.create(dataSource, "usage log",
                "CREATE TABLE IF NOT EXISTS govbus.usage_log (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                    + "at TIMESTAMP WITH TIME ZONE NOT NULL, agency VARCHAR(64) NOT NULL, system_name VARCHAR(128), "
                    + "purpose VARCHAR(1000), channel VARCHAR(32) NOT NULL, sql_text VARCHAR(100000), datasets VARCHAR(4000), "
                    + "columns_read VARCHAR(100000), rows_returned BIGINT NOT NULL, millis BIGINT NOT NULL, outcome VARCHAR(2000) NOT NULL)",
                "CREATE INDEX IF NOT EXISTS usage_log_agency_at ON govbus.usage_log (agency, at)");
        writer = new Thread(this::writeLoop, "govbus-usage-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues a use for writing; waits when the writer is far behind, never drops. */
    public void record(Use u) {
        Use stamped = new Use(u.agency(), u.system(), u.purpose(), u.channel(), u.sql(), u.read(), u.rows(), u.millis(),
                u.outcome(), u.at() == null ? Instant.now() : u.at());
        try {
            synchronized (written) {
                enqueued++;
            }
            queue.put(stamped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while logging a use", e);
        }
    }

    /** Waits until every use recorded so far is committed. */
    public void flush() {
        synchronized (written) {
            long target = enqueued;
            while (committed < target) {
                try {
                    written.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void writeLoop() {
        java.util.List<Use> batch = new java.util.ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                Use first = queue.poll(FLUSH_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
                synchronized (written) {
                    committed += batch.size();
                    written.notifyAll();
                }
                batch.clear();
            } catch (InterruptedException e) {
                closing = true;
            } catch (RuntimeException e) {
                // Kept and tried again: a use that cannot be written must not vanish.
                LOG.error("cannot write {} uses to the usage log, trying again: {}", batch.size(), e.getMessage());
                queue.addAll(batch);
                batch.clear();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    closing = true;
                }
            }
        }
    }

    private void write(java.util.List<Use> batch) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO govbus.usage_log (at, agency, system_name, purpose, channel, sql_text, datasets, "
                            + "columns_read, rows_returned, millis, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Use u : batch) {
                    ps.setObject(1, u.at().atOffset(ZoneOffset.UTC));
                    ps.setString(2, u.agency());
                    ps.setString(3, u.system());
                    ps.setString(4, cut(u.purpose(), 1000));
                    ps.setString(5, u.channel());
                    ps.setString(6, cut(u.sql(), 100_000));
                    ps.setString(7, cut(String.join(",", new TreeMap<>(u.read()).keySet()), 4000));
                    ps.setString(8, cut(new TreeMap<>(u.read()).toString(), 100_000));
                    ps.setLong(9, u.rows());
                    ps.setLong(10, u.millis());
                    ps.setString(11, cut(u.outcome(), 2000));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Writes the uses of a period as CSV (RFC 4180, header first), one agency's or all.
     *
     * @param agency {@code null} for every agency
     */
    public long exportCsv(java.io.Writer out, String agency, Instant from, Instant to) throws java.io.IOException {
        flush();
        long n = 0;
        String sql = "SELECT at, agency, system_name, purpose, channel, datasets, columns_read, rows_returned, millis, outcome, "
                + "sql_text FROM govbus.usage_log WHERE at >= ? AND at < ?" + (agency == null ? "" : " AND agency = ?")
                + " ORDER BY id";
        // Not closed here: the caller owns the writer.
        org.apache.commons.csv.CSVPrinter csv = new org.apache.commons.csv.CSVPrinter(out,
                org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader("at", "agency", "system", "purpose",
                        "channel", "datasets", "columns", "rows", "millis", "outcome", "sql").get());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, from.atOffset(ZoneOffset.UTC));
            ps.setObject(2, to.atOffset(ZoneOffset.UTC));
            if (agency != null) {
                ps.setString(3, agency);
            }
            ps.setFetchSize(1000);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    csv.printRecord(rs.getObject(1, java.time.OffsetDateTime.class).toInstant(), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8),
                            rs.getLong(9), rs.getString(10), rs.getString(11));
                    n++;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the usage log: " + e.getMessage(), e);
        }
        csv.flush();
        return n;
    }

    /** Deletes uses older than the instant; returns how many. */
    public int purgeOlderThan(Instant cutoff) {
        flush();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM govbus.usage_log WHERE at < ?")) {
            ps.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot purge the usage log: " + e.getMessage(), e);
        }
    }

    /** Where the uses are kept: for operators' tools and tests reading them directly. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Writes what is queued and stops the writer. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dataSource instanceof AutoCloseable owned && ownsDataSource) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.warn("closing the usage log's database: {}", e.getMessage());
            }
        }
    }

    private boolean ownsDataSource;

    /**
     * The usage log in a database of its own ({@code <dir>/usage}): its steady stream of commits then never holds up
     * the store's readers (in the query benchmark it made the federated p99 several times the p50).
     */
    public static UsageLog ownDatabase(java.nio.file.Path dir, String user, String password) {
        com.zaxxer.hikari.HikariConfig c = new com.zaxxer.hikari.HikariConfig();
        c.setPoolName("usage-log");
        c.setJdbcUrl("jdbc:h2:file:" + dir.resolve("usage"));
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(3);
        UsageLog log = new UsageLog(new com.zaxxer.hikari.HikariDataSource(c));
        log.ownsDataSource = true;
        return log;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
