package org.govbus.app.access;

import static org.govbus.app.config.PlatformTables.instant;
import static org.govbus.app.config.PlatformTables.utc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.govbus.app.audit.AuditLog;
import org.govbus.app.security.Caller;
import org.govbus.core.access.DatasetRules;
import org.govbus.core.access.Grant;
import org.govbus.core.access.ShareType;
import org.govbus.core.access.SharingRequest;
import org.govbus.core.access.SharingRequest.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sharing workflow: a consuming agency requests a CONDITIONAL dataset, its provider approves (possibly
 * narrowing) or refuses with a reason, within a deadline of working days; an approval becomes a grant. Every
 * transition is one conditional update of the request's status, so answering twice, or two answers at once,
 * leaves exactly one answer and a clear 409 for the other; every act is in the audit log.
 */
public class SharingService {

    private static final Logger LOG = LoggerFactory.getLogger(SharingService.class);
    /** The operator's agency: sees every request and grant. */
    public static final String PLATFORM = "PLATFORM";

    private final DataSource dataSource;
    private final DatasetCatalog catalog;
    private final GrantStore grants;
    private final AuditLog audit;
    private final int workingDays;
    private final ZoneId zone;

    /** What a provider grants when approving; null fields keep what was asked. */
    public record Approval(Set<String> columns, Map<String, Set<String>> rowFilter, Boolean purposeBound,
            Instant until, String note) {
    }

    public SharingService(DataSource dataSource, DatasetCatalog catalog, GrantStore grants, AuditLog audit,
            int workingDays, ZoneId zone) {
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.grants = grants;
        this.audit = audit;
        this.workingDays = workingDays;
        this.zone = zone;
        org.govbus.app.config.PlatformTables.create(dataSource, "sharing request",
                "CREATE TABLE IF NOT EXISTS govbus.sharing_request (id VARCHAR(64) PRIMARY KEY, "
                    + "dataset VARCHAR(128) NOT NULL, requester VARCHAR(64) NOT NULL, provider VARCHAR(64) NOT NULL, "
                    + "columns_asked VARCHAR(4000) NOT NULL, purpose VARCHAR(2000) NOT NULL, legal_basis VARCHAR(2000) NOT NULL, "
                    + "period_from TIMESTAMP WITH TIME ZONE NOT NULL, period_until TIMESTAMP WITH TIME ZONE, "
                    + "status VARCHAR(16) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "due_at TIMESTAMP WITH TIME ZONE NOT NULL, answered_at TIMESTAMP WITH TIME ZONE, answer VARCHAR(2000), "
                    + "grant_id VARCHAR(64), escalated_at TIMESTAMP WITH TIME ZONE, created_by VARCHAR(256) NOT NULL)");
    }

    /** A consuming agency asks for a dataset. */
    public SharingRequest request(Caller caller, String dataset, Set<String> columns, String purpose, String legalBasis,
            Instant from, Instant until) {
        if (!caller.mayReadSharedData()) {
            throw AccessException.forbidden("the three officers do not request shared data");
        }
        DatasetCatalog.Entry entry = catalog.entry(dataset == null ? "" : dataset)
                .orElseThrow(() -> AccessException.notFound("the catalog has no dataset " + dataset));
        DatasetRules rules = entry.rules();
        if (rules.providedBy(caller.agency())) {
            throw AccessException.invalid(caller.agency() + " provides " + dataset + "; its own data needs no request");
        }
        if (rules.shareType() == ShareType.NOT_SHARED) {
            throw AccessException.invalid(dataset + " is not shared (NOT_SHARED), legal basis: " + rules.legalBasis()
                    + ". It cannot be requested; disputes go to the data authority.");
        }
        if (rules.shareType() == ShareType.UNCONDITIONAL && (columns == null || columns.isEmpty())) {
            throw AccessException.invalid(dataset + " is shared unconditionally and needs no request: query it. Request "
                    + "it only to see sensitive columns in clear, naming them in \"columns\".");
        }
        if (purpose == null || purpose.isBlank()) {
            throw AccessException.invalid("a request states its purpose (\"purpose\")");
        }
        if (legalBasis == null || legalBasis.isBlank()) {
            throw AccessException.invalid("a request states its legal basis (\"legalBasis\")");
        }
        Set<String> asked = columns == null ? Set.of() : new TreeSet<>(columns);
        for (String c : asked) {
            if (!entry.columns().contains(c)) {
                throw AccessException.invalid(dataset + " has no column " + c + "; its columns: " + entry.columns());
            }
        }
        Instant now = Instant.now();
        Instant start = from == null ? now : from;
        if (until != null && !until.isAfter(start)) {
            throw AccessException.invalid("the period ends (" + until + ") before it starts (" + start + ")");
        }
        if (until != null && !until.isAfter(now)) {
            throw AccessException.invalid("the period asked for has already ended (" + until + ")");
        }
        SharingRequest r = new SharingRequest("sr-" + UUID.randomUUID(), dataset, caller.agency(), rules.provider(), asked,
                purpose.trim(), legalBasis.trim(), start, until, Status.PENDING, now, SharingRequest.due(now, workingDays, zone),
                null, null, null);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO govbus.sharing_request (id, dataset, requester, provider, columns_asked, purpose, legal_basis, "
                        + "period_from, period_until, status, created_at, due_at, created_by) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.dataset());
            ps.setString(3, r.requester());
            ps.setString(4, r.provider());
            ps.setString(5, String.join(",", asked));
            ps.setString(6, cut(r.purpose()));
            ps.setString(7, cut(r.legalBasis()));
            ps.setObject(8, utc(r.periodFrom()));
            ps.setObject(9, utc(r.periodUntil()));
            ps.setString(10, r.status().name());
            ps.setObject(11, utc(r.createdAt()));
            ps.setObject(12, utc(r.dueAt()));
            ps.setString(13, caller.agency() + "/" + caller.system());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store a sharing request: " + e.getMessage(), e);
        }
        audit.append(caller.agency() + "/" + caller.system(), "sharing-request.create", r.id(), null, describe(r));
        return r;
    }

    /** The provider approves, possibly narrowing; the approval becomes a grant. */
    public SharingRequest approve(Caller caller, String id, Approval approval) {
        SharingRequest r = answerable(caller, id);
        Approval a = approval == null ? new Approval(null, null, null, null, null) : approval;
        Set<String> columns = a.columns() == null ? r.columns() : new TreeSet<>(a.columns());
        if (!r.columns().containsAll(columns)) {
            Set<String> extra = new TreeSet<>(columns);
            extra.removeAll(r.columns());
            throw AccessException.invalid("an approval may narrow the columns asked for, not widen them: " + extra
                    + " were not asked for");
        }
        Instant until = a.until() == null ? r.periodUntil() : a.until();
        if (r.periodUntil() != null && until != null && until.isAfter(r.periodUntil())) {
            throw AccessException.invalid("an approval may shorten the period, not lengthen it: asked until "
                    + r.periodUntil() + ", approved until " + until);
        }
        if (until != null && !until.isAfter(Instant.now())) {
            throw AccessException.invalid("the approved period ends in the past (" + until + ")");
        }
        Map<String, Set<String>> filter = a.rowFilter() == null ? Map.of() : a.rowFilter();
        DatasetCatalog.Entry entry = catalog.entry(r.dataset()).orElseThrow();
        for (String column : filter.keySet()) {
            if (!entry.columns().contains(column)) {
                throw AccessException.invalid("the row filter names column " + column + ", which " + r.dataset()
                        + " does not have");
            }
        }
        String grantId = "grant-" + r.id().substring(3);
        Instant now = Instant.now();
        transition(r, Status.APPROVED, now, a.note(), grantId);
        Grant g = new Grant(grantId, r.dataset(), r.requester(), columns, filter,
                a.purposeBound() != null && a.purposeBound(), r.periodFrom().isBefore(now) ? now : r.periodFrom(), until,
                null);
        try {
            grants.add(g, caller.agency() + "/" + caller.system());
        } catch (RuntimeException e) {
            revert(r.id(), Status.APPROVED);
            throw e;
        }
        SharingRequest done = find(r.id());
        audit.append(caller.agency() + "/" + caller.system(), "sharing-request.approve", r.id(), describe(r), describe(done));
        return done;
    }

    /** The provider refuses, saying why. */
    public SharingRequest refuse(Caller caller, String id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw AccessException.invalid("a refusal must give its reason (\"reason\")");
        }
        SharingRequest r = answerable(caller, id);
        transition(r, Status.REFUSED, Instant.now(), reason.trim(), null);
        SharingRequest done = find(r.id());
        audit.append(caller.agency() + "/" + caller.system(), "sharing-request.refuse", r.id(), describe(r), describe(done));
        return done;
    }

    /** The requester withdraws its pending request. */
    public SharingRequest withdraw(Caller caller, String id) {
        SharingRequest r = find(id);
        if (!r.requester().equalsIgnoreCase(caller.agency())) {
            throw AccessException.forbidden("only " + r.requester() + ", which made request " + id + ", may withdraw it");
        }
        requirePending(r);
        transition(r, Status.WITHDRAWN, Instant.now(), null, null);
        SharingRequest done = find(r.id());
        audit.append(caller.agency() + "/" + caller.system(), "sharing-request.withdraw", r.id(), describe(r), describe(done));
        return done;
    }

    private SharingRequest answerable(Caller caller, String id) {
        SharingRequest r = find(id);
        if (r.requester().equalsIgnoreCase(caller.agency())) {
            throw AccessException.forbidden(caller.agency() + " made request " + id + " and may not answer it; "
                    + r.provider() + " answers");
        }
        if (!r.provider().equalsIgnoreCase(caller.agency())) {
            throw AccessException.forbidden("only " + r.provider() + ", the provider of " + r.dataset()
                    + ", answers request " + id);
        }
        requirePending(r);
        if (r.periodUntil() != null && !r.periodUntil().isAfter(Instant.now())) {
            transitionQuietly(r, Status.EXPIRED);
            throw AccessException.conflict("request " + id + " expired: the period it asked for ended at " + r.periodUntil());
        }
        return r;
    }

    private static void requirePending(SharingRequest r) {
        if (r.status() != Status.PENDING) {
            throw AccessException.conflict("request " + r.id() + " is " + r.status()
                    + (r.answeredAt() == null ? "" : " since " + r.answeredAt()) + "; only a PENDING request can move");
        }
    }

    private void transition(SharingRequest r, Status to, Instant at, String answer, String grantId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE govbus.sharing_request SET status = ?, answered_at = ?, answer = ?, grant_id = ? "
                        + "WHERE id = ? AND status = 'PENDING'")) {
            ps.setString(1, to.name());
            ps.setObject(2, utc(at));
            ps.setString(3, answer == null ? null : cut(answer));
            ps.setString(4, grantId);
            ps.setString(5, r.id());
            if (ps.executeUpdate() != 1) {
                SharingRequest now = find(r.id());
                throw AccessException.conflict("request " + r.id() + " was answered meanwhile: it is " + now.status());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update request " + r.id() + ": " + e.getMessage(), e);
        }
    }

    private void transitionQuietly(SharingRequest r, Status to) {
        try {
            transition(r, to, Instant.now(), null, null);
            audit.append("govbus", "sharing-request.expire", r.id(), describe(r), "status=" + to);
        } catch (AccessException ignored) {
            // someone else moved it first
        }
    }

    private void revert(String id, Status from) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE govbus.sharing_request SET status = 'PENDING', answered_at = NULL, answer = NULL, grant_id = NULL "
                        + "WHERE id = ? AND status = ?")) {
            ps.setString(1, id);
            ps.setString(2, from.name());
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.error("cannot put request {} back to PENDING: {}", id, e.getMessage());
        }
    }

    /** One request, for any agency taking part in it (or the platform). */
    public SharingRequest get(Caller caller, String id) {
        SharingRequest r = find(id);
        if (!involved(caller, r)) {
            throw AccessException.notFound("no sharing request " + id);
        }
        return r;
    }

    /** The requests the caller's agency made or must answer; the platform sees all. */
    public List<SharingRequest> list(Caller caller) {
        List<SharingRequest> out = new ArrayList<>();
        for (SharingRequest r : query("SELECT * FROM govbus.sharing_request ORDER BY created_at", null)) {
            if (involved(caller, r)) {
                out.add(r);
            }
        }
        return out;
    }

    private static boolean involved(Caller caller, SharingRequest r) {
        return caller.agency().equalsIgnoreCase(PLATFORM) || r.requester().equalsIgnoreCase(caller.agency())
                || r.provider().equalsIgnoreCase(caller.agency());
    }

    /**
     * Flags pending requests past their due time and escalates them to the platform (once each, in the audit log
     * and the log); returns how many were escalated now.
     */
    public int escalateOverdue() {
        int n = 0;
        Instant now = Instant.now();
        for (SharingRequest r : query("SELECT * FROM govbus.sharing_request WHERE status = 'PENDING' AND escalated_at IS NULL "
                + "AND due_at < ?", now)) {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "UPDATE govbus.sharing_request SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL")) {
                ps.setObject(1, utc(now));
                ps.setString(2, r.id());
                if (ps.executeUpdate() == 1) {
                    n++;
                    LOG.warn("sharing request {} of {} for {} is overdue (due {}): escalated to the platform", r.id(),
                            r.requester(), r.dataset(), r.dueAt());
                    audit.append("govbus", "sharing-request.escalate", r.id(), null, "overdue since " + r.dueAt()
                            + "; provider " + r.provider() + " has not answered");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot escalate request " + r.id() + ": " + e.getMessage(), e);
            }
        }
        return n;
    }

    /** When a request was escalated, if it was. */
    public Instant escalatedAt(String id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT escalated_at FROM govbus.sharing_request WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? instant(rs, "escalated_at") : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    SharingRequest find(String id) {
        List<SharingRequest> found = query("SELECT * FROM govbus.sharing_request WHERE id = ?", id);
        if (found.isEmpty()) {
            throw AccessException.notFound("no sharing request " + id);
        }
        return found.get(0);
    }

    private List<SharingRequest> query(String sql, Object param) {
        List<SharingRequest> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (param instanceof Instant i) {
                ps.setObject(1, utc(i));
            } else if (param != null) {
                ps.setObject(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String cols = rs.getString("columns_asked");
                    out.add(new SharingRequest(rs.getString("id"), rs.getString("dataset"), rs.getString("requester"),
                            rs.getString("provider"), cols.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(cols.split(","))),
                            rs.getString("purpose"), rs.getString("legal_basis"), instant(rs, "period_from"),
                            instant(rs, "period_until"), Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                            instant(rs, "created_at"), instant(rs, "due_at"), instant(rs, "answered_at"), rs.getString("answer"),
                            rs.getString("grant_id")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read sharing requests: " + e.getMessage(), e);
        }
        return out;
    }

    private static String describe(SharingRequest r) {
        return "dataset=" + r.dataset() + " requester=" + r.requester() + " columns=" + new TreeSet<>(r.columns())
                + " status=" + r.status() + " until=" + r.periodUntil() + " grant=" + r.grantId();
    }



    private static String cut(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
