package org.govbus.routes.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.govbus.core.record.RecordError;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared store in the platform database. One transaction per batch writes the dataset rows, their
 * history, the dead letters and the source position together: after a crash either all of a batch is there
 * or none of it, and the source is read again from the stored position. The history and the dead letters are
 * append-only logs that the {@link org.govbus.routes.bus.OutboxRelay} publishes from, each with its cursor.
 */
public final class SharedStore {

    /** Topic of a dataset's changes on the bus. */
    public static String topicOf(String dataset) {
        return "govbus.dataset." + dataset;
    }

    /** Queue of a source's dead letters on the bus. */
    public static String deadLetterQueueOf(String source) {
        return "govbus.dead-letter." + source;
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LOOKUP_CHUNK = 500;

    private final DataSource dataSource;
    private final Map<String, Object> datasetLocks = new java.util.concurrent.ConcurrentHashMap<>();

    public SharedStore(DataSource dataSource) {
        this.dataSource = dataSource;
        execute(List.of(
                "CREATE SCHEMA IF NOT EXISTS govbus",
                "CREATE TABLE IF NOT EXISTS govbus.record_current (dataset VARCHAR(128) NOT NULL, "
                        + "record_key VARCHAR(256) NOT NULL, version INT NOT NULL, content_hash VARCHAR(64) NOT NULL, "
                        + "PRIMARY KEY (dataset, record_key))",
                "CREATE TABLE IF NOT EXISTS govbus.record_history (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                        + "dataset VARCHAR(128) NOT NULL, record_key VARCHAR(256) NOT NULL, version INT NOT NULL, "
                        + "content_hash VARCHAR(64) NOT NULL, schema_id INT NOT NULL, payload VARBINARY NOT NULL, "
                        + "source VARCHAR(128) NOT NULL, stored_at TIMESTAMP NOT NULL, "
                        + "UNIQUE (dataset, record_key, version))",
                // How far the relay has published each log (record_history, dead_letter): the logs are the outbox.
                "CREATE TABLE IF NOT EXISTS govbus.publish_cursor (stream VARCHAR(32) PRIMARY KEY, last_id BIGINT NOT NULL)",
                "MERGE INTO govbus.publish_cursor (stream, last_id) KEY (stream) SELECT 'history', 0 "
                        + "WHERE NOT EXISTS (SELECT 1 FROM govbus.publish_cursor WHERE stream = 'history')",
                "MERGE INTO govbus.publish_cursor (stream, last_id) KEY (stream) SELECT 'dead_letter', 0 "
                        + "WHERE NOT EXISTS (SELECT 1 FROM govbus.publish_cursor WHERE stream = 'dead_letter')",
                "CREATE TABLE IF NOT EXISTS govbus.dead_letter (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                        + "source VARCHAR(128) NOT NULL, record_ref VARCHAR(256), errors CLOB NOT NULL, raw CLOB, "
                        + "created_at TIMESTAMP NOT NULL, status VARCHAR(16) DEFAULT 'OPEN' NOT NULL)",
                "CREATE INDEX IF NOT EXISTS dead_letter_source ON govbus.dead_letter (source, id)",
                // Sources read by key-and-hash comparison: what each row looked like when last read.
                "CREATE TABLE IF NOT EXISTS govbus.source_row_hash (source VARCHAR(128) NOT NULL, "
                        + "legacy_key VARCHAR(256) NOT NULL, record_key VARCHAR(256), row_hash CHAR(64) NOT NULL, "
                        + "seen_pass BIGINT NOT NULL, PRIMARY KEY (source, legacy_key))",
                "CREATE TABLE IF NOT EXISTS govbus.connector_offset (source VARCHAR(128) PRIMARY KEY, "
                        + "position VARCHAR(1024) NOT NULL, updated_at TIMESTAMP NOT NULL)"));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Creates a dataset's table if it is not there yet. */
    public void ensureTable(DatasetTable table) {
        execute(table.ddl());
    }

    private void execute(List<String> statements) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the shared store: " + e.getMessage(), e);
        }
    }

    /** The stored position of a source, empty before its first batch. */
    public Optional<String> position(String source) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT position FROM govbus.connector_offset WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the position of " + source, e);
        }
    }

    /**
     * Stores one batch in one transaction: new versions of accepted records (a record whose content equals
     * its current version is skipped) with their history, dead letters for rejected ones, and the
     * source's new position.
     *
     * @param newPosition        the source's position after this batch; {@code null} for pushed records
     * @param resolvesDeadLetter a dead letter that this batch stores after all (marked RETRIED), or {@code null}
     */
    public BatchResult storeBatch(String source, DatasetTable table, int schemaId, List<Accepted> accepted,
            List<Rejected> rejected, String newPosition, Long resolvesDeadLetter) throws SQLException {
        // Sources that feed one dataset take turns: each batch reads current versions and writes the next ones.
        // (One GovBus node; several nodes will need row locks on record_current.)
        synchronized (datasetLocks.computeIfAbsent(table.dataset(), d -> new Object())) {
            return storeBatchLocked(source, table, schemaId, accepted, rejected, newPosition, resolvesDeadLetter);
        }
    }

    private BatchResult storeBatchLocked(String source, DatasetTable table, int schemaId, List<Accepted> accepted,
            List<Rejected> rejected, String newPosition, Long resolvesDeadLetter) throws SQLException {
        String dataset = table.dataset();
        Timestamp now = Timestamp.from(Instant.now());
        int stored = 0;
        int duplicates = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement setCurrent = c.prepareStatement(
                            "MERGE INTO govbus.record_current (dataset, record_key, version, content_hash) "
                                    + "KEY (dataset, record_key) VALUES (?, ?, ?, ?)");
                    PreparedStatement history = c.prepareStatement(
                            "INSERT INTO govbus.record_history (dataset, record_key, version, content_hash, schema_id, "
                                    + "payload, source, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement row = c.prepareStatement(table.mergeSql());
                    PreparedStatement dead = c.prepareStatement(
                            "INSERT INTO govbus.dead_letter (source, record_ref, errors, raw, created_at) VALUES (?, ?, ?, ?, ?)");
                    PreparedStatement position = c.prepareStatement(
                            "MERGE INTO govbus.connector_offset (source, position, updated_at) KEY (source) VALUES (?, ?, ?)")) {
                // Current versions of the batch's keys, read at once; updated as the batch goes, since a key
                // may change twice within one batch.
                Map<String, Version> versions = currentVersions(c, dataset, accepted);
                for (Accepted a : accepted) {
                    Version cur = versions.getOrDefault(a.key(), Version.NONE);
                    if (cur.hash().equals(a.contentHash())) {
                        duplicates++;
                        continue;
                    }
                    int version = cur.number() + 1;
                    versions.put(a.key(), new Version(version, a.contentHash()));
                    setCurrent.setString(1, dataset);
                    setCurrent.setString(2, a.key());
                    setCurrent.setInt(3, version);
                    setCurrent.setString(4, a.contentHash());
                    setCurrent.addBatch();
                    history.setString(1, dataset);
                    history.setString(2, a.key());
                    history.setInt(3, version);
                    history.setString(4, a.contentHash());
                    history.setInt(5, schemaId);
                    history.setBytes(6, a.payload());
                    history.setString(7, source);
                    history.setTimestamp(8, now);
                    history.addBatch();
                    Object[] params = table.parameters(a.values());
                    for (int i = 0; i < params.length; i++) {
                        row.setObject(i + 1, params[i]);
                    }
                    row.addBatch();
                    stored++;
                }
                for (Rejected r : rejected) {
                    String errors = JSON.writeValueAsString(r.errors());
                    dead.setString(1, source);
                    dead.setString(2, r.record());
                    dead.setString(3, errors);
                    dead.setString(4, r.rawJson());
                    dead.setTimestamp(5, now);
                    dead.addBatch();
                }
                setCurrent.executeBatch();
                history.executeBatch();
                row.executeBatch();
                dead.executeBatch();
                if (newPosition != null) {
                    position.setString(1, source);
                    position.setString(2, newPosition);
                    position.setTimestamp(3, now);
                    position.executeUpdate();
                }
                if (resolvesDeadLetter != null) {
                    try (PreparedStatement done = c.prepareStatement(
                            "UPDATE govbus.dead_letter SET status = 'RETRIED' WHERE id = ? AND status = 'OPEN'")) {
                        done.setLong(1, resolvesDeadLetter);
                        if (done.executeUpdate() != 1) {
                            throw new SQLException("dead letter " + resolvesDeadLetter + " is not open");
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new BatchResult(stored, duplicates, rejected.size());
    }

    /** The content hash of a deleted record's tombstone in the history. */
    public static final String DELETED = "DELETED";

    /**
     * Records deleted at the source: each leaves the dataset table and gets a tombstone version in the history
     * (empty payload, content hash {@link #DELETED}), which the relay publishes as a deletion.
     *
     * @return how many were deleted (a key already deleted or never stored is skipped)
     */
    public int storeDeletions(String source, DatasetTable table, int schemaId, List<String> recordKeys) throws SQLException {
        if (recordKeys.isEmpty()) {
            return 0;
        }
        synchronized (datasetLocks.computeIfAbsent(table.dataset(), d -> new Object())) {
            String dataset = table.dataset();
            Timestamp now = Timestamp.from(Instant.now());
            int deleted = 0;
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement history = c.prepareStatement(
                                "INSERT INTO govbus.record_history (dataset, record_key, version, content_hash, schema_id, "
                                        + "payload, source, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                        PreparedStatement current = c.prepareStatement("UPDATE govbus.record_current SET version = ?, "
                                + "content_hash = ? WHERE dataset = ? AND record_key = ?");
                        PreparedStatement row = c.prepareStatement(table.deleteSql())) {
                    Map<String, Version> versions = currentVersions(c, dataset,
                            recordKeys.stream().map(k -> new Accepted(k, Map.of(), new byte[0], "")).toList());
                    for (String key : recordKeys) {
                        Version v = versions.get(key);
                        if (v == null || v.hash().equals(DELETED)) {
                            continue;
                        }
                        history.setString(1, dataset);
                        history.setString(2, key);
                        history.setInt(3, v.number() + 1);
                        history.setString(4, DELETED);
                        history.setInt(5, schemaId);
                        history.setBytes(6, new byte[0]);
                        history.setString(7, source);
                        history.setTimestamp(8, now);
                        history.addBatch();
                        current.setInt(1, v.number() + 1);
                        current.setString(2, DELETED);
                        current.setString(3, dataset);
                        current.setString(4, key);
                        current.addBatch();
                        row.setString(1, key);
                        row.addBatch();
                        deleted++;
                    }
                    history.executeBatch();
                    current.executeBatch();
                    row.executeBatch();
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
            return deleted;
        }
    }

    /** A dead letter as listed to its source's agency; the raw record is kept for retries, not listed. */
    public record DeadLetter(long id, String source, String record, String errors, Timestamp createdAt, String status,
            String rawJson) {
    }

    /** Dead letters of a source, newest first. */
    public List<DeadLetter> deadLetters(String source, String status, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, source, record_ref, errors, created_at, status, raw FROM govbus.dead_letter "
                        + "WHERE source = ? AND (? IS NULL OR status = ?) ORDER BY id DESC LIMIT ?")) {
            ps.setString(1, source);
            ps.setString(2, status);
            ps.setString(3, status);
            ps.setInt(4, limit);
            List<DeadLetter> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5), rs.getString(6), rs.getString(7)));
                }
            }
            return out;
        }
    }

    /** One dead letter by ID. */
    public Optional<DeadLetter> deadLetter(long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, source, record_ref, errors, created_at, status, raw FROM govbus.dead_letter WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5), rs.getString(6), rs.getString(7))) : Optional.empty();
            }
        }
    }

    /** Replaces a dead letter's problems after a retry that failed again. */
    public void updateDeadLetter(long id, List<RecordError> errors) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE govbus.dead_letter SET errors = ? WHERE id = ?")) {
            ps.setString(1, JSON.writeValueAsString(errors));
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** Describes errors for a log line, one per problem. */
    public static String describe(List<RecordError> errors) {
        StringBuilder s = new StringBuilder();
        for (RecordError e : errors) {
            if (!s.isEmpty()) {
                s.append("; ");
            }
            s.append(e.describe());
        }
        return s.toString();
    }

    private static Map<String, Version> currentVersions(Connection c, String dataset, List<Accepted> accepted)
            throws SQLException {
        List<String> keys = accepted.stream().map(Accepted::key).distinct().toList();
        Map<String, Version> out = new HashMap<>(keys.size() * 2);
        // A row-value IN list is looked up in the composite primary key, one probe per key (H2 scans the whole
        // dataset for "dataset = ? AND record_key IN (...)").
        for (int from = 0; from < keys.size(); from += LOOKUP_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + LOOKUP_CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?)"));
            try (PreparedStatement ps = c.prepareStatement("SELECT record_key, version, content_hash "
                    + "FROM govbus.record_current WHERE (dataset, record_key) IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(2 * i + 1, dataset);
                    ps.setString(2 * i + 2, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), new Version(rs.getInt(2), rs.getString(3).strip()));
                    }
                }
            }
        }
        return out;
    }

    private record Version(int number, String hash) {
        static final Version NONE = new Version(0, "");
    }
}
