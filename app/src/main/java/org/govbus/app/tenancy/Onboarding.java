package org.govbus.app.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.govbus.app.access.AccessException;
import org.govbus.app.audit.AuditLog;
import org.govbus.app.security.AccountStore;
import org.govbus.app.security.Caller;
import org.govbus.app.security.CredentialStore;
import org.govbus.core.access.Role;

/**
 * Agencies join as tenants of a rented service: an agency applies with the services it needs (its datasets on the
 * exchange, a storage quota); a SYSTEM_ADMIN approves or refuses with a reason; approval creates the agency, its
 * AGENCY_ADMIN account and its first system credentials, each secret shown once.
 */
public class Onboarding {

    private final DataSource dataSource;
    private final AccountStore accounts;
    private final CredentialStore credentials;
    private final AuditLog audit;

    /** An application to join. */
    public record Application(String id, String agency, String name, String contact, List<String> datasets,
            long storageQuotaMb, String status, Instant createdAt, Instant answeredAt, String answeredBy, String reason) {
    }

    /** An agency, a tenant of the platform. */
    public record Agency(String code, String name, long storageQuotaMb, Instant joinedAt) {
    }

    /** What an approval created; the password and token are shown this once. */
    public record Approved(Application application, String adminAccount, String adminPassword, String system,
            String systemToken) {
    }

    public Onboarding(DataSource dataSource, AccountStore accounts, CredentialStore credentials, AuditLog audit) {
        this.dataSource = dataSource;
        this.accounts = accounts;
        this.credentials = credentials;
        this.audit = audit;
        org.govbus.app.config.PlatformTables.create(dataSource, "tenancy",
                "CREATE TABLE IF NOT EXISTS govbus.agency (code VARCHAR(32) PRIMARY KEY, name VARCHAR(256) NOT NULL, "
                    + "storage_quota_mb BIGINT NOT NULL, joined_at TIMESTAMP WITH TIME ZONE NOT NULL)",
                "CREATE TABLE IF NOT EXISTS govbus.onboarding_application (id VARCHAR(64) PRIMARY KEY, "
                    + "agency VARCHAR(32) NOT NULL, name VARCHAR(256) NOT NULL, contact VARCHAR(256) NOT NULL, "
                    + "datasets VARCHAR(4000) NOT NULL, storage_quota_mb BIGINT NOT NULL, status VARCHAR(16) NOT NULL, "
                    + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, answered_at TIMESTAMP WITH TIME ZONE, "
                    + "answered_by VARCHAR(256), reason VARCHAR(2000))");
    }

    /** Registers an agency that exists from the start (the platform, the demo's). */
    public void ensureAgency(String code, String name, long quotaMb) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO govbus.agency (code, name, storage_quota_mb, joined_at) "
                        + "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM govbus.agency WHERE code = ?)")) {
            ps.setString(1, code);
            ps.setString(2, name);
            ps.setLong(3, quotaMb);
            ps.setObject(4, Instant.now().atOffset(ZoneOffset.UTC));
            ps.setString(5, code);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot register agency " + code + ": " + e.getMessage(), e);
        }
    }

    public List<Agency> agencies() {
        List<Agency> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM govbus.agency ORDER BY code")) {
            while (rs.next()) {
                out.add(new Agency(rs.getString("code"), rs.getString("name"), rs.getLong("storage_quota_mb"),
                        rs.getObject("joined_at", OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out;
    }

    /** An agency applies to join; anyone may apply, a SYSTEM_ADMIN decides. */
    public Application apply(String agency, String name, String contact, List<String> datasets, long storageQuotaMb) {
        String code = agency == null ? "" : agency.trim().toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z][A-Z0-9_]{1,31}")) {
            throw new AccessException(422, "invalid", "an agency code is 2-32 capital letters, digits or '_', starting "
                    + "with a letter, for example HEALTH");
        }
        if (agencies().stream().anyMatch(a -> a.code().equals(code))) {
            throw new AccessException(409, "conflict", "agency " + code + " is already a tenant");
        }
        if (name == null || name.isBlank() || contact == null || contact.isBlank()) {
            throw new AccessException(422, "invalid", "an application names the agency (\"name\") and a contact (\"contact\")");
        }
        if (storageQuotaMb <= 0 || storageQuotaMb > 10_000_000) {
            throw new AccessException(422, "invalid", "storageQuotaMb must be between 1 and 10,000,000");
        }
        List<String> ds = datasets == null ? List.of() : datasets;
        for (String d : ds) {
            if (!d.matches("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*") || !d.startsWith(code.toLowerCase(Locale.ROOT) + ".")) {
                throw new AccessException(422, "invalid", "dataset " + d + " must be " + code.toLowerCase(Locale.ROOT)
                        + ".<dataset> in lower snake case");
            }
        }
        Application a = new Application("ob-" + UUID.randomUUID(), code, name.trim(), contact.trim(), List.copyOf(ds),
                storageQuotaMb, "PENDING", Instant.now(), null, null, null);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO govbus.onboarding_application VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, NULL, NULL, NULL)")) {
            ps.setString(1, a.id());
            ps.setString(2, a.agency());
            ps.setString(3, a.name());
            ps.setString(4, a.contact());
            ps.setString(5, String.join(",", a.datasets()));
            ps.setLong(6, a.storageQuotaMb());
            ps.setObject(7, a.createdAt().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the application: " + e.getMessage(), e);
        }
        audit.append("applicant:" + code, "onboarding.apply", a.id(), null, "agency=" + code + " datasets=" + ds
                + " quotaMb=" + storageQuotaMb);
        return a;
    }

    public List<Application> applications(Caller caller) {
        requireSystemAdmin(caller, "see applications");
        return query("SELECT * FROM govbus.onboarding_application ORDER BY created_at", null);
    }

    public Application get(Caller caller, String id) {
        requireSystemAdmin(caller, "see applications");
        return find(id);
    }

    /** A SYSTEM_ADMIN approves: the agency, its admin account and its first system credentials are created. */
    public synchronized Approved approve(Caller caller, String id) {
        requireSystemAdmin(caller, "approve applications");
        Application a = find(id);
        answer(caller, a, "APPROVED", null);
        ensureAgency(a.agency(), a.name(), a.storageQuotaMb());
        String admin = a.agency().toLowerCase(Locale.ROOT).replace('_', '-') + "-admin";
        String password = accounts.create(admin, a.agency(), Set.of(Role.AGENCY_ADMIN));
        String system = a.agency().toLowerCase(Locale.ROOT).replace('_', '-') + "-system";
        String token = credentials.issue(a.agency(), system);
        audit.append(caller.actor(), "onboarding.approve", id, "status=PENDING", "status=APPROVED agency=" + a.agency()
                + " admin=" + admin + " system=" + system);
        return new Approved(find(id), admin, password, system, token);
    }

    /** A SYSTEM_ADMIN refuses, giving the reason. */
    public Application refuse(Caller caller, String id, String reason) {
        requireSystemAdmin(caller, "refuse applications");
        if (reason == null || reason.isBlank()) {
            throw new AccessException(422, "invalid", "a refusal must give its reason (\"reason\")");
        }
        Application a = find(id);
        answer(caller, a, "REFUSED", reason.trim());
        audit.append(caller.actor(), "onboarding.refuse", id, "status=PENDING", "status=REFUSED reason=" + reason.trim());
        return find(id);
    }

    private void answer(Caller caller, Application a, String status, String reason) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE govbus.onboarding_application SET status = ?, answered_at = ?, answered_by = ?, reason = ? "
                        + "WHERE id = ? AND status = 'PENDING'")) {
            ps.setString(1, status);
            ps.setObject(2, Instant.now().atOffset(ZoneOffset.UTC));
            ps.setString(3, caller.actor());
            ps.setString(4, reason);
            ps.setString(5, a.id());
            if (ps.executeUpdate() != 1) {
                throw new AccessException(409, "conflict", "application " + a.id() + " is " + find(a.id()).status()
                        + "; only a PENDING application is answered");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static void requireSystemAdmin(Caller caller, String what) {
        if (!caller.has(Role.SYSTEM_ADMIN)) {
            throw new AccessException(403, "forbidden", "only a SYSTEM_ADMIN may " + what);
        }
    }

    private Application find(String id) {
        return query("SELECT * FROM govbus.onboarding_application WHERE id = ?", id).stream().findFirst()
                .orElseThrow(() -> new AccessException(404, "not_found", "no application " + id));
    }

    private List<Application> query(String sql, String param) {
        List<Application> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String ds = rs.getString("datasets");
                    OffsetDateTime answered = rs.getObject("answered_at", OffsetDateTime.class);
                    out.add(new Application(rs.getString("id"), rs.getString("agency"), rs.getString("name"),
                            rs.getString("contact"), ds.isEmpty() ? List.of() : Arrays.asList(ds.split(",")),
                            rs.getLong("storage_quota_mb"), rs.getString("status"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            answered == null ? null : answered.toInstant(), rs.getString("answered_by"), rs.getString("reason")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out;
    }
}
