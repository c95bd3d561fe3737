package org.govbus.routes.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.govbus.connectors.jdbc.JdbcPollingConnector;
import org.govbus.core.crypto.Sm3;

/**
 * A table with no update time, read by key-and-hash comparison: each pass reads the whole table in key order,
 * a page per step, and passes on only the rows whose hash differs from the one last seen; at the end of a pass
 * the keys not seen are deletions. Each pass marks the rows it saw, so a restart in the middle of a pass
 * starts a new one and misses nothing; a row passed on twice is stored once (content hash).
 */
public final class CompareIngest implements Poller {

    private final IngestPipeline pipeline;
    private final JdbcPollingConnector connector;
    private final DataSource store;
    private final String source;
    private long pass;
    private String afterKey;
    private boolean inPass;

    public CompareIngest(IngestPipeline pipeline, JdbcPollingConnector connector, DataSource store) {
        this.pipeline = pipeline;
        this.connector = connector;
        this.store = store;
        this.source = pipeline.source().name();
    }

    @Override
    public synchronized BatchOutcome runOnce() throws Exception {
        if (!inPass) {
            pass = lastPass() + 1;
            afterKey = null;
            inPass = true;
        }
        List<Map<String, Object>> page = connector.page(afterKey);
        if (page.isEmpty()) {
            inPass = false;
            int deleted = pipeline.delete(unseen());
            forgetUnseen();
            return new BatchOutcome(0, deleted, 0, 0, false, BatchOutcome.Timing.NONE);
        }
        Map<String, String> hashes = new HashMap<>();
        for (Map<String, Object> row : page) {
            hashes.put(key(row), hash(row));
        }
        Map<String, String> before = storedHashes(new ArrayList<>(hashes.keySet()));
        List<Map<String, Object>> changed = new ArrayList<>();
        for (Map<String, Object> row : page) {
            if (!hashes.get(key(row)).equals(before.get(key(row)))) {
                changed.add(row);
            }
        }
        IngestPipeline.PushOutcome o = pipeline.push(changed, Map.of());
        remember(page, hashes, changed);
        afterKey = key(page.get(page.size() - 1));
        return new BatchOutcome(page.size(), o.stored(), o.duplicates() + page.size() - changed.size(), o.rejected().size(),
                true, BatchOutcome.Timing.NONE);
    }

    private String key(Map<String, Object> row) {
        return String.valueOf(row.get(connector.keyColumn()));
    }

    /** SM3 over the row's columns and values in their order: any change of any column changes it. */
    private static String hash(Map<String, Object> row) {
        StringBuilder s = new StringBuilder();
        row.forEach((k, v) -> s.append(k).append('\u0001').append(v).append('\u0002'));
        return Sm3.hex(s.toString());
    }

    private long lastPass() throws SQLException {
        try (Connection c = store.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(seen_pass), 0) FROM govbus.source_row_hash WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Map<String, String> storedHashes(List<String> keys) throws SQLException {
        Map<String, String> out = new HashMap<>();
        String marks = String.join(", ", Collections.nCopies(keys.size(), "(?, ?)"));
        try (Connection c = store.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT legacy_key, row_hash FROM govbus.source_row_hash WHERE (source, legacy_key) IN (" + marks + ")")) {
            for (int i = 0; i < keys.size(); i++) {
                ps.setString(2 * i + 1, source);
                ps.setString(2 * i + 2, keys.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Marks every row of the page as seen in this pass, with its hash and, for passed-on rows, its canonical key. */
    private void remember(List<Map<String, Object>> page, Map<String, String> hashes, List<Map<String, Object>> changed)
            throws SQLException {
        try (Connection c = store.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement seen = c.prepareStatement("UPDATE govbus.source_row_hash SET seen_pass = ? "
                            + "WHERE source = ? AND legacy_key = ?");
                    PreparedStatement put = c.prepareStatement("MERGE INTO govbus.source_row_hash (source, legacy_key, "
                            + "record_key, row_hash, seen_pass) KEY (source, legacy_key) VALUES (?, ?, ?, ?, ?)")) {
                for (Map<String, Object> row : page) {
                    seen.setLong(1, pass);
                    seen.setString(2, source);
                    seen.setString(3, key(row));
                    seen.addBatch();
                }
                for (Map<String, Object> row : changed) {
                    put.setString(1, source);
                    put.setString(2, key(row));
                    put.setString(3, pipeline.canonicalKey(row));
                    put.setString(4, hashes.get(key(row)));
                    put.setLong(5, pass);
                    put.addBatch();
                }
                seen.executeBatch();
                put.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private List<String> unseen() throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Connection c = store.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT record_key FROM govbus.source_row_hash WHERE source = ? AND seen_pass < ? AND record_key IS NOT NULL")) {
            ps.setString(1, source);
            ps.setLong(2, pass);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

    private void forgetUnseen() throws SQLException {
        try (Connection c = store.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM govbus.source_row_hash WHERE source = ? AND seen_pass < ?")) {
            ps.setString(1, source);
            ps.setLong(2, pass);
            ps.executeUpdate();
        }
    }
}
