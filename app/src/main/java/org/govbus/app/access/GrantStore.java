package org.govbus.app.access;

import static org.govbus.app.config.PlatformTables.instant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.govbus.app.audit.AuditLog;
import org.govbus.core.access.Grant;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The grants, kept in the platform database and held in memory for the query layer; every change is audited and
 * takes effect on the next query.
 */
public class GrantStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DataSource dataSource;
    private final AuditLog audit;
    private volatile List<Grant> grants;

    public GrantStore(DataSource dataSource, AuditLog audit) {
        this.dataSource = dataSource;
        this.audit = audit;
        org.govbus.app.config.PlatformTables.create(dataSource, "grant",
                "CREATE TABLE IF NOT EXISTS govbus.access_grant (id VARCHAR(64) PRIMARY KEY, "
                    + "dataset VARCHAR(128) NOT NULL, grantee VARCHAR(64) NOT NULL, clear_columns VARCHAR(4000) NOT NULL, "
                    + "row_filter VARCHAR(4000) NOT NULL, purpose_bound BOOLEAN NOT NULL, valid_from TIMESTAMP WITH TIME ZONE "
                    + "NOT NULL, valid_until TIMESTAMP WITH TIME ZONE, revoked_at TIMESTAMP WITH TIME ZONE)");
        reload();
    }

    /** Every grant, standing or not. */
    public List<Grant> all() {
        return grants;
    }

    public Optional<Grant> find(String id) {
        return grants.stream().filter(g -> g.id().equals(id)).findFirst();
    }

    /** Stores a grant unless one with its id exists; returns whether it was added. */
    public synchronized boolean add(Grant g, String actor) {
        if (find(g.id()).isPresent()) {
            return false;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO govbus.access_grant VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, g.id());
            ps.setString(2, g.dataset());
            ps.setString(3, g.grantee());
            ps.setString(4, String.join(",", new TreeSet<>(g.clearColumns())));
            Map<String, Set<String>> filter = new TreeMap<>();
            g.rowFilter().forEach((k, v) -> filter.put(k, new TreeSet<>(v)));
            ps.setString(5, JSON.writeValueAsString(filter));
            ps.setBoolean(6, g.purposeBound());
            ps.setObject(7, g.validFrom().atOffset(java.time.ZoneOffset.UTC));
            ps.setObject(8, g.validUntil() == null ? null : g.validUntil().atOffset(java.time.ZoneOffset.UTC));
            ps.setObject(9, g.revokedAt() == null ? null : g.revokedAt().atOffset(java.time.ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store grant " + g.id() + ": " + e.getMessage(), e);
        }
        audit.append(actor, "grant.add", g.id(), null, describe(g));
        reload();
        return true;
    }

    /** Revokes a standing grant; returns false when it does not exist or was already revoked. */
    public synchronized boolean revoke(String id, String actor) {
        Optional<Grant> before = find(id);
        if (before.isEmpty() || before.get().revokedAt() != null) {
            return false;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE govbus.access_grant SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            ps.setObject(1, Instant.now().atOffset(java.time.ZoneOffset.UTC));
            ps.setString(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot revoke grant " + id + ": " + e.getMessage(), e);
        }
        reload();
        audit.append(actor, "grant.revoke", id, describe(before.get()), describe(find(id).orElseThrow()));
        return true;
    }

    private static String describe(Grant g) {
        return "dataset=" + g.dataset() + " grantee=" + g.grantee() + " clear=" + new TreeSet<>(g.clearColumns())
                + " rowFilter=" + new TreeMap<>(g.rowFilter()) + " purposeBound=" + g.purposeBound() + " from="
                + g.validFrom() + " until=" + g.validUntil() + " revoked=" + g.revokedAt();
    }

    private void reload() {
        List<Grant> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM govbus.access_grant ORDER BY id")) {
            while (rs.next()) {
                String clear = rs.getString("clear_columns");
                Map<String, List<String>> raw = JSON.readValue(rs.getString("row_filter"), new TypeReference<>() { });
                Map<String, Set<String>> filter = new LinkedHashMap<>();
                raw.forEach((k, v) -> filter.put(k, new LinkedHashSet<>(v)));
                out.add(new Grant(rs.getString("id"), rs.getString("dataset"), rs.getString("grantee"),
                        clear.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(clear.split(","))), filter,
                        rs.getBoolean("purpose_bound"), instant(rs, "valid_from"), instant(rs, "valid_until"),
                        instant(rs, "revoked_at")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the grants", e);
        }
        grants = List.copyOf(out);
    }

}
