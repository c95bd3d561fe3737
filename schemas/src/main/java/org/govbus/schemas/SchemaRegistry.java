package org.govbus.schemas;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Subjects, versions and globally unique schema IDs, kept in the platform database so that IDs survive
 * restarts. A schema is identified by its Parsing Canonical Form: registering the same schema again, under
 * any subject, gives the same ID.
 */
public final class SchemaRegistry {

    private final DataSource dataSource;
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();

    public SchemaRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
        createTables();
    }

    private void createTables() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS govbus");
            s.execute("CREATE TABLE IF NOT EXISTS govbus.registry_schema ("
                    + "id INT AUTO_INCREMENT PRIMARY KEY, fingerprint VARCHAR(64) NOT NULL UNIQUE, "
                    + "schema_text CLOB NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS govbus.registry_subject_version ("
                    + "subject VARCHAR(255) NOT NULL, version INT NOT NULL, schema_id INT NOT NULL, "
                    + "deleted BOOLEAN DEFAULT FALSE NOT NULL, PRIMARY KEY (subject, version))");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the schema registry tables", e);
        }
    }

    /**
     * Registers a schema under a subject and returns its global ID; idempotent.
     * Compatibility checks come with the full registry; here every new schema becomes the next version.
     */
    public synchronized int register(String subject, Schema schema) {
        String canonical = SchemaNormalization.toParsingForm(schema);
        String fingerprint = Long.toHexString(SchemaNormalization.parsingFingerprint64(schema));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int id = idOf(c, fingerprint).orElseGet(() -> insertSchema(c, fingerprint, schema.toString()));
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT version FROM govbus.registry_subject_version WHERE subject = ? AND schema_id = ? AND NOT deleted")) {
                ps.setString(1, subject);
                ps.setInt(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        try (PreparedStatement ins = c.prepareStatement(
                                "INSERT INTO govbus.registry_subject_version (subject, version, schema_id) "
                                        + "SELECT ?, COALESCE(MAX(version), 0) + 1, ? FROM govbus.registry_subject_version WHERE subject = ?")) {
                            ins.setString(1, subject);
                            ins.setInt(2, id);
                            ins.setString(3, subject);
                            ins.executeUpdate();
                        }
                    }
                }
            }
            c.commit();
            byId.put(id, schema);
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot register a schema under subject " + subject, e);
        }
    }

    private static Optional<Integer> idOf(Connection c, String fingerprint) {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM govbus.registry_schema WHERE fingerprint = ?")) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int insertSchema(Connection c, String fingerprint, String text) {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO govbus.registry_schema (fingerprint, schema_text) VALUES (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, fingerprint);
            ps.setString(2, text);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema with a global ID, or empty when the ID is unknown. */
    public Optional<Schema> byId(int id) {
        Schema cached = byId.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT schema_text FROM govbus.registry_schema WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Schema schema = new Schema.Parser().parse(rs.getString(1));
                byId.put(id, schema);
                return Optional.of(schema);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read schema " + id, e);
        }
    }
}
