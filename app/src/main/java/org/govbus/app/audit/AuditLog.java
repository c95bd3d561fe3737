package org.govbus.app.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.govbus.app.config.SecretFiles;
import org.govbus.core.audit.AuditChain;
import org.govbus.core.audit.AuditEntry;

/**
 * The audit log in the platform database: every administrative act appended, chained by SM3. The hash of the
 * last entry is also kept in {@code <data-dir>/audit-head}, outside the database, so that cutting entries off
 * the end is found as well as editing, inserting or deleting one.
 */
public class AuditLog {

    private final DataSource dataSource;
    private final Path headFile;
    private AuditEntry last;

    public AuditLog(DataSource dataSource, Path dataDir) {
        this.dataSource = dataSource;
        this.headFile = dataDir.resolve("audit-head");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS govbus");
            s.execute("CREATE TABLE IF NOT EXISTS govbus.audit_log (seq BIGINT PRIMARY KEY, at TIMESTAMP WITH TIME ZONE "
                    + "NOT NULL, actor VARCHAR(256) NOT NULL, action VARCHAR(128) NOT NULL, target VARCHAR(512), "
                    + "before_state CLOB, after_state CLOB, prev_hash VARCHAR(64) NOT NULL, hash VARCHAR(64) NOT NULL)");
            List<AuditEntry> tail = read(c, "SELECT * FROM govbus.audit_log ORDER BY seq DESC LIMIT 1");
            last = tail.isEmpty() ? null : tail.get(0);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the audit log", e);
        }
    }

    /** Appends an act. Never pass a secret in {@code before} or {@code after}. */
    public synchronized void append(String actor, String action, String target, String before, String after) {
        AuditEntry e = AuditChain.next(last, Instant.now(), actor, action, target, before, after);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO govbus.audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, e.seq());
            ps.setObject(2, e.at().atOffset(java.time.ZoneOffset.UTC));
            ps.setString(3, e.actor());
            ps.setString(4, e.action());
            ps.setString(5, e.target());
            ps.setString(6, e.before());
            ps.setString(7, e.after());
            ps.setString(8, e.prevHash());
            ps.setString(9, e.hash());
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw new IllegalStateException("cannot append to the audit log: " + ex.getMessage(), ex);
        }
        last = e;
        SecretFiles.writeOwnerOnly(headFile, e.seq() + " " + e.hash());
    }

    /** Checks the whole chain and the recorded head. */
    public Optional<AuditChain.Break> verify() {
        return verify(dataSource, headFile);
    }

    /** The number of entries. */
    public synchronized long size() {
        return last == null ? 0 : last.seq();
    }

    /** Checks a log in a database, against a head file; used by the command line too. */
    public static Optional<AuditChain.Break> verify(DataSource dataSource, Path headFile) {
        String head = null;
        try {
            if (Files.exists(headFile)) {
                String text = Files.readString(headFile).trim();
                head = text.substring(text.indexOf(' ') + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = dataSource.getConnection()) {
            return AuditChain.verify(read(c, "SELECT * FROM govbus.audit_log ORDER BY seq"), head);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit log", e);
        }
    }

    private static List<AuditEntry> read(Connection c, String sql) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new AuditEntry(rs.getLong("seq"), rs.getObject("at", java.time.OffsetDateTime.class).toInstant(),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("before_state"),
                        rs.getString("after_state"), rs.getString("prev_hash"), rs.getString("hash")));
            }
        }
        return out;
    }
}
