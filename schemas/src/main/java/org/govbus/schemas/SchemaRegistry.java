package org.govbus.schemas;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.govbus.schemas.registry.CompatibilityChecker;
import org.govbus.schemas.registry.CompatibilityLevel;
import org.govbus.schemas.registry.RegisteredSchema;
import org.govbus.schemas.registry.RegistryException;
import org.govbus.schemas.registry.SchemaReference;

/**
 * Subjects, versions and globally unique schema IDs, kept in the platform database so that IDs survive
 * restarts. A schema is identified by the Parsing Canonical Form of its resolved text together with the field
 * defaults and aliases that form drops (see {@link #fingerprint}) and its references: registering the same
 * schema again, under any subject, gives the same ID. New versions are checked at the
 * subject's compatibility level (its own, else the global one, BACKWARD by default) against its live versions.
 */
public final class SchemaRegistry {

    /** Largest schema text accepted. */
    public static final int MAX_SCHEMA_BYTES = 1 << 20;
    private static final String GLOBAL = "__GLOBAL__";

    private final DataSource dataSource;
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();

    public SchemaRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS govbus");
            s.execute("CREATE TABLE IF NOT EXISTS govbus.registry_schema ("
                    + "id INT AUTO_INCREMENT PRIMARY KEY, fingerprint VARCHAR(64) NOT NULL UNIQUE, "
                    + "schema_text CLOB NOT NULL, refs VARCHAR(8192) DEFAULT '' NOT NULL)");
            s.execute("ALTER TABLE govbus.registry_schema ADD COLUMN IF NOT EXISTS refs VARCHAR(8192) DEFAULT '' NOT NULL");
            s.execute("CREATE TABLE IF NOT EXISTS govbus.registry_subject_version ("
                    + "subject VARCHAR(255) NOT NULL, version INT NOT NULL, schema_id INT NOT NULL, "
                    + "deleted BOOLEAN DEFAULT FALSE NOT NULL, PRIMARY KEY (subject, version))");
            s.execute("CREATE TABLE IF NOT EXISTS govbus.registry_config (subject VARCHAR(255) PRIMARY KEY, "
                    + "compatibility VARCHAR(32) NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the schema registry tables", e);
        }
    }

    // ------------------------------------------------------------------ registering and looking up

    /** Registers a parsed schema without references (GovBus's own canonical schemas). */
    public int register(String subject, Schema schema) {
        return register(subject, schema.toString(), List.of());
    }

    /**
     * Registers a schema under a subject and returns its global ID. Idempotent: a schema the subject already
     * has gets its ID back. Otherwise it must pass the subject's compatibility level.
     *
     * @throws RegistryException 422/42201 for an invalid schema or reference, 409 when incompatible
     */
    public synchronized int register(String subject, String schemaText, List<SchemaReference> references) {
        requireSubjectName(subject);
        Schema schema = parse(schemaText, references);
        String fingerprint = fingerprint(schema, references);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Optional<Integer> existingId = idOf(c, fingerprint);
            if (existingId.isPresent()) {
                for (RegisteredSchema v : versions(c, subject, false)) {
                    if (v.id() == existingId.get()) {
                        c.rollback();
                        return v.id();
                    }
                }
            }
            List<String> problems = CompatibilityChecker.check(level(c, subject), schema, liveSchemas(c, subject));
            if (!problems.isEmpty()) {
                c.rollback();
                throw new RegistryException(409, 409, "Schema being registered is incompatible with an earlier schema "
                        + "for subject '" + subject + "' at level " + level(c, subject) + ": " + String.join("; ", problems));
            }
            int id = existingId.orElseGet(() -> insertSchema(c, fingerprint, schemaText, references));
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO govbus.registry_subject_version (subject, version, schema_id) "
                            + "SELECT ?, COALESCE(MAX(version), 0) + 1, ? FROM govbus.registry_subject_version WHERE subject = ?")) {
                ins.setString(1, subject);
                ins.setInt(2, id);
                ins.setString(3, subject);
                ins.executeUpdate();
            }
            c.commit();
            byId.put(id, schema);
            return id;
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    /** The live version of a subject that has this schema, if any. */
    public Optional<RegisteredSchema> lookup(String subject, String schemaText, List<SchemaReference> references,
            boolean includeDeleted) {
        Schema schema = parse(schemaText, references);
        String fingerprint = fingerprint(schema, references);
        try (Connection c = dataSource.getConnection()) {
            List<RegisteredSchema> versions = versions(c, subject, includeDeleted);
            if (versions.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            Optional<Integer> id = idOf(c, fingerprint);
            return versions.stream().filter(v -> id.isPresent() && v.id() == id.get()).reduce((a, b) -> b);
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    /** The schema with a global ID, or empty when the ID is unknown. */
    public Optional<Schema> byId(int id) {
        Schema cached = byId.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<RegisteredSchema> text = textById(id);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Schema schema = parse(text.get().schema(), text.get().references());
        byId.put(id, schema);
        return Optional.of(schema);
    }

    /** The text and references of a global ID (subject and version are not set). */
    public Optional<RegisteredSchema> textById(int id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT schema_text, refs FROM govbus.registry_schema WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new RegisteredSchema(null, 0, id, rs.getString(1), decodeRefs(rs.getString(2)),
                        false)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    /** Subjects with at least one version (live ones only unless {@code includeDeleted}). */
    public List<String> subjects(boolean includeDeleted) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT subject FROM govbus.registry_subject_version" + (includeDeleted ? "" : " WHERE NOT deleted")
                        + " ORDER BY subject")) {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    /** The versions of a subject, oldest first. */
    public List<RegisteredSchema> versions(String subject, boolean includeDeleted) {
        try (Connection c = dataSource.getConnection()) {
            List<RegisteredSchema> out = versions(c, subject, includeDeleted);
            if (out.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            return out;
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    /** One version by number or {@code latest}. */
    public RegisteredSchema version(String subject, String version, boolean includeDeleted) {
        if ("latest".equals(version) || "-1".equals(version)) {
            List<RegisteredSchema> versions = versions(subject, includeDeleted);
            return versions.get(versions.size() - 1);
        }
        int n = versionNumber(version);
        return versions(subject, true).stream().filter(v -> v.version() == n && (includeDeleted || !v.deleted()))
                .findFirst().orElseThrow(() -> RegistryException.versionNotFound(subject, version));
    }

    /**
     * Checks a schema against one version, or against {@code latest} as the subject's level asks (all
     * versions when transitive), without registering it.
     *
     * @return the problems; empty when compatible
     */
    public List<String> testCompatibility(String subject, String version, String schemaText,
            List<SchemaReference> references) {
        Schema schema = parse(schemaText, references);
        try (Connection c = dataSource.getConnection()) {
            CompatibilityLevel level = level(c, subject);
            List<CompatibilityChecker.Version> live = liveSchemas(c, subject);
            if (live.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            if (!"latest".equals(version)) {
                // Against one named version: the level's direction, that version alone.
                RegisteredSchema v = version(subject, version, false);
                live = List.of(new CompatibilityChecker.Version(v.version(), byId(v.id()).orElseThrow()));
            }
            return CompatibilityChecker.check(level, schema, live);
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    // ------------------------------------------------------------------ compatibility configuration

    public CompatibilityLevel globalLevel() {
        try (Connection c = dataSource.getConnection()) {
            return configured(c, GLOBAL).orElse(CompatibilityLevel.BACKWARD);
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    /** The level set for a subject itself, if any. */
    public Optional<CompatibilityLevel> subjectLevel(String subject) {
        try (Connection c = dataSource.getConnection()) {
            return configured(c, subject);
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    public void setGlobalLevel(CompatibilityLevel level) {
        setLevel(GLOBAL, level);
    }

    public void setSubjectLevel(String subject, CompatibilityLevel level) {
        requireSubjectName(subject);
        setLevel(subject, level);
    }

    /** Removes a subject's own level; returns the level it had. */
    public CompatibilityLevel deleteSubjectLevel(String subject) {
        CompatibilityLevel was = subjectLevel(subject).orElseThrow(() -> new RegistryException(404, 40408,
                "Subject '" + subject + "' does not have subject-level compatibility configured"));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM govbus.registry_config WHERE subject = ?")) {
            ps.setString(1, subject);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw storeError(e);
        }
        return was;
    }

    private void setLevel(String key, CompatibilityLevel level) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "MERGE INTO govbus.registry_config (subject, compatibility) KEY (subject) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, level.name());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    // ------------------------------------------------------------------ deleting

    /**
     * Deletes every version of a subject: soft (kept, hidden, not checked against) or permanent (only after
     * a soft delete). IDs stay valid.
     *
     * @return the versions deleted
     */
    public synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        try (Connection c = dataSource.getConnection()) {
            List<RegisteredSchema> all = versions(c, subject, true);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            List<Integer> numbers = all.stream().map(RegisteredSchema::version).toList();
            if (permanent) {
                if (all.stream().anyMatch(v -> !v.deleted())) {
                    throw new RegistryException(404, 40405, "Subject '" + subject
                            + "' was not deleted first before being permanently deleted");
                }
                update(c, "DELETE FROM govbus.registry_subject_version WHERE subject = ?", subject);
                update(c, "DELETE FROM govbus.registry_config WHERE subject = ?", subject);
                return numbers;
            }
            if (all.stream().allMatch(RegisteredSchema::deleted)) {
                throw new RegistryException(404, 40404, "Subject '" + subject + "' was soft deleted. Set permanent=true "
                        + "to delete permanently");
            }
            List<Integer> live = all.stream().filter(v -> !v.deleted()).map(RegisteredSchema::version).toList();
            update(c, "UPDATE govbus.registry_subject_version SET deleted = TRUE WHERE subject = ?", subject);
            return live;
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    /** Deletes one version, soft or (after a soft delete) permanent; returns its number. */
    public synchronized int deleteVersion(String subject, String version, boolean permanent) {
        RegisteredSchema v = version(subject, version, true);
        try (Connection c = dataSource.getConnection()) {
            if (permanent) {
                if (!v.deleted()) {
                    throw new RegistryException(404, 40407, "Subject '" + subject + "' Version " + v.version()
                            + " was not deleted first before being permanently deleted");
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM govbus.registry_subject_version WHERE subject = ? AND version = ?")) {
                    ps.setString(1, subject);
                    ps.setInt(2, v.version());
                    ps.executeUpdate();
                }
            } else {
                if (v.deleted()) {
                    throw new RegistryException(404, 40406, "Subject '" + subject + "' Version " + v.version()
                            + " was soft deleted. Set permanent=true to delete permanently");
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE govbus.registry_subject_version SET deleted = TRUE WHERE subject = ? AND version = ?")) {
                    ps.setString(1, subject);
                    ps.setInt(2, v.version());
                    ps.executeUpdate();
                }
            }
            return v.version();
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    // ------------------------------------------------------------------ internals

    /** Parses a schema text with its references resolved; every failure is a 42201 naming what is wrong. */
    public Schema parse(String schemaText, List<SchemaReference> references) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryException.invalidSchema("the schema is empty");
        }
        int bytes = schemaText.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SCHEMA_BYTES) {
            throw RegistryException.invalidSchema("the schema is " + bytes + " bytes; the limit is " + MAX_SCHEMA_BYTES);
        }
        Schema.Parser parser = new Schema.Parser();
        Set<String> seen = new LinkedHashSet<>();
        for (SchemaReference ref : references == null ? List.<SchemaReference>of() : references) {
            addReference(parser, ref, seen, 0);
        }
        try {
            return parser.parse(schemaText);
        } catch (RuntimeException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }

    private void addReference(Schema.Parser parser, SchemaReference ref, Set<String> seen, int depth) {
        if (depth > 32) {
            throw RegistryException.invalidSchema("references nest deeper than 32 levels");
        }
        if (ref.subject() == null || ref.name() == null) {
            throw RegistryException.invalidSchema("a reference needs name, subject and version: " + ref);
        }
        if (!seen.add(ref.subject() + "/" + ref.version())) {
            return;
        }
        RegisteredSchema target;
        try {
            target = version(ref.subject(), String.valueOf(ref.version()), false);
        } catch (RegistryException e) {
            throw RegistryException.invalidSchema("reference " + ref.name() + " points to subject '" + ref.subject()
                    + "' version " + ref.version() + ", which does not exist");
        }
        for (SchemaReference inner : target.references()) {
            addReference(parser, inner, seen, depth + 1);
        }
        try {
            parser.parse(target.schema());
        } catch (RuntimeException e) {
            throw RegistryException.invalidSchema("reference " + ref.name() + " does not parse: " + e.getMessage());
        }
    }

    /**
     * The identity of a schema: its Parsing Canonical Form, plus what that form drops but schema resolution
     * uses (field defaults, aliases, enum defaults), plus its references. Two texts that differ only in
     * whitespace, attribute order, docs or custom properties are one schema; adding a default is a new one,
     * since it changes which versions can read each other.
     */
    static String fingerprint(Schema schema, List<SchemaReference> references) {
        StringBuilder extras = new StringBuilder();
        resolutionAttributes(schema, extras, new java.util.HashSet<>());
        String refs = encodeRefs(references);
        return Long.toHexString(SchemaNormalization.parsingFingerprint64(schema))
                + (extras.isEmpty() ? "" : "-" + hash(extras.toString()))
                + (refs.isEmpty() ? "" : "-" + hash(refs));
    }

    private static String hash(String text) {
        return Long.toHexString(SchemaNormalization.fingerprint64(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void resolutionAttributes(Schema s, StringBuilder out, Set<String> seen) {
        switch (s.getType()) {
            case RECORD -> {
                if (!seen.add(s.getFullName())) {
                    return;
                }
                if (!s.getAliases().isEmpty()) {
                    out.append(s.getFullName()).append(" aliases ").append(new java.util.TreeSet<>(s.getAliases())).append('\n');
                }
                for (Schema.Field f : s.getFields()) {
                    if (f.hasDefaultValue()) {
                        out.append(s.getFullName()).append('.').append(f.name()).append(" default ")
                                .append(f.defaultVal()).append('\n');
                    }
                    if (!f.aliases().isEmpty()) {
                        out.append(s.getFullName()).append('.').append(f.name()).append(" aliases ")
                                .append(new java.util.TreeSet<>(f.aliases())).append('\n');
                    }
                    resolutionAttributes(f.schema(), out, seen);
                }
            }
            case ENUM -> {
                if (seen.add(s.getFullName()) && (s.getEnumDefault() != null || !s.getAliases().isEmpty())) {
                    out.append(s.getFullName()).append(" default ").append(s.getEnumDefault()).append(" aliases ")
                            .append(new java.util.TreeSet<>(s.getAliases())).append('\n');
                }
            }
            case FIXED -> {
                if (seen.add(s.getFullName()) && !s.getAliases().isEmpty()) {
                    out.append(s.getFullName()).append(" aliases ").append(new java.util.TreeSet<>(s.getAliases())).append('\n');
                }
            }
            case ARRAY -> resolutionAttributes(s.getElementType(), out, seen);
            case MAP -> resolutionAttributes(s.getValueType(), out, seen);
            case UNION -> s.getTypes().forEach(t -> resolutionAttributes(t, out, seen));
            default -> {
            }
        }
    }

    private static String encodeRefs(List<SchemaReference> references) {
        if (references == null || references.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (SchemaReference r : references) {
            s.append(r.name()).append('\t').append(r.subject()).append('\t').append(r.version()).append('\n');
        }
        return s.toString();
    }

    private static List<SchemaReference> decodeRefs(String text) {
        List<SchemaReference> out = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    String[] p = line.split("\t");
                    out.add(new SchemaReference(p[0], p[1], Integer.parseInt(p[2])));
                }
            }
        }
        return out;
    }

    private static void requireSubjectName(String subject) {
        if (subject == null || subject.isBlank() || subject.length() > 255 || subject.equals(GLOBAL)
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw new RegistryException(422, 42208, "Invalid subject name '" + subject
                    + "': 1 to 255 characters, no control characters");
        }
    }

    private static int versionNumber(String version) {
        try {
            int n = Integer.parseInt(version);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new RegistryException(422, 42202, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private CompatibilityLevel level(Connection c, String subject) throws SQLException {
        Optional<CompatibilityLevel> own = configured(c, subject);
        return own.isPresent() ? own.get() : configured(c, GLOBAL).orElse(CompatibilityLevel.BACKWARD);
    }

    private static Optional<CompatibilityLevel> configured(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT compatibility FROM govbus.registry_config WHERE subject = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(CompatibilityLevel.valueOf(rs.getString(1))) : Optional.empty();
            }
        }
    }

    private List<CompatibilityChecker.Version> liveSchemas(Connection c, String subject) throws SQLException {
        List<CompatibilityChecker.Version> out = new ArrayList<>();
        for (RegisteredSchema v : versions(c, subject, false)) {
            out.add(new CompatibilityChecker.Version(v.version(), byId(v.id()).orElseThrow()));
        }
        return out;
    }

    private static List<RegisteredSchema> versions(Connection c, String subject, boolean includeDeleted) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v.version, v.schema_id, s.schema_text, s.refs, v.deleted "
                + "FROM govbus.registry_subject_version v JOIN govbus.registry_schema s ON s.id = v.schema_id "
                + "WHERE v.subject = ?" + (includeDeleted ? "" : " AND NOT v.deleted") + " ORDER BY v.version")) {
            ps.setString(1, subject);
            List<RegisteredSchema> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RegisteredSchema(subject, rs.getInt(1), rs.getInt(2), rs.getString(3),
                            decodeRefs(rs.getString(4)), rs.getBoolean(5)));
                }
            }
            return out;
        }
    }

    private static Optional<Integer> idOf(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM govbus.registry_schema WHERE fingerprint = ?")) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    private static int insertSchema(Connection c, String fingerprint, String text, List<SchemaReference> references) {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO govbus.registry_schema (fingerprint, schema_text, refs) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, fingerprint);
            ps.setString(2, text);
            ps.setString(3, encodeRefs(references));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getInt(1);
            }
        } catch (SQLException e) {
            throw storeError(e);
        }
    }

    private static void update(Connection c, String sql, String subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, subject);
            ps.executeUpdate();
        }
    }

    private static RegistryException storeError(SQLException e) {
        return new RegistryException(500, 50001, "Error in the backend data store: " + e.getMessage());
    }
}
