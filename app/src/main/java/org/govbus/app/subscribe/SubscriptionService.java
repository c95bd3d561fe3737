package org.govbus.app.subscribe;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.avro.generic.GenericRecord;
import org.govbus.app.access.AccessException;
import org.govbus.app.access.DatasetCatalog;
import org.govbus.app.access.GrantStore;
import org.govbus.app.access.UsageLog;
import org.govbus.app.audit.AuditLog;
import org.govbus.app.config.SecretFiles;
import org.govbus.app.security.Caller;
import org.govbus.core.access.Access;
import org.govbus.core.access.AccessDecision;
import org.govbus.core.access.AccessPolicy;
import org.govbus.core.crypto.Sm3;
import org.govbus.routes.store.SharedStore;
import org.govbus.schemas.CanonicalCodec;
import org.govbus.schemas.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers each change of a dataset to the agencies subscribed to it, as far as their access allows at the time of
 * delivery: rows outside a grant's row filter are not delivered, sensitive columns not granted in clear are masked,
 * and without a standing grant nothing is delivered (the changes wait). Reads the store's history by a cursor per
 * subscription, so a change is never dropped: a failed delivery is tried again with back-off and the cursor moves
 * only past what was delivered. Queue deliveries carry a duplicate-detection ID, so a repeat after a crash is
 * dropped by the broker; a webhook may see a batch twice after a crash and can tell by the change IDs.
 */
public class SubscriptionService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 200;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    private final DataSource dataSource;
    private final DatasetCatalog catalog;
    private final GrantStore grants;
    private final SchemaRegistry registry;
    private final UsageLog usage;
    private final AuditLog audit;
    private final ConnectionFactory jms;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private jakarta.jms.Connection connection;

    public SubscriptionService(DataSource dataSource, DatasetCatalog catalog, GrantStore grants, SchemaRegistry registry,
            UsageLog usage, AuditLog audit, ConnectionFactory jms) {
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.grants = grants;
        this.registry = registry;
        this.usage = usage;
        this.audit = audit;
        this.jms = jms;
        org.govbus.app.config.PlatformTables.create(dataSource, "subscription",
                "CREATE TABLE IF NOT EXISTS govbus.subscription (id VARCHAR(64) PRIMARY KEY, agency VARCHAR(64) NOT NULL, "
                    + "system_name VARCHAR(128) NOT NULL, dataset VARCHAR(128) NOT NULL, channel VARCHAR(16) NOT NULL, "
                    + "target VARCHAR(2000) NOT NULL, secret VARCHAR(128), purpose VARCHAR(2000), cursor_id BIGINT NOT NULL, "
                    + "state VARCHAR(16) NOT NULL, delivered BIGINT NOT NULL, attempts INT NOT NULL, "
                    + "next_attempt_at TIMESTAMP WITH TIME ZONE, last_error VARCHAR(2000), created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }

    /** A new subscription, and the webhook's signing secret (shown this once). */
    public record Created(Subscription subscription, String webhookSecret) {
    }

    /**
     * Subscribes the caller's agency to a dataset it may read; changes from now on are delivered ({@code fromStart}:
     * every stored version first).
     */
    public Created subscribe(Caller caller, String dataset, String channel, String url, String purpose, boolean fromStart) {
        if (!caller.mayReadSharedData()) {
            throw new AccessException(403, "forbidden", "the three officers do not receive shared data");
        }
        DatasetCatalog.Entry entry = catalog.entry(dataset == null ? "" : dataset).filter(DatasetCatalog.Entry::served)
                .orElseThrow(() -> new AccessException(404, "not_found", "GovBus serves no dataset " + dataset));
        AccessDecision d = AccessPolicy.decide(caller.agency(), entry.rules(), grants.all(), Instant.now());
        if (d instanceof AccessDecision.Refused r) {
            throw new AccessException(r.visible() ? 403 : 404, r.visible() ? "forbidden" : "not_found", r.reason());
        }
        Access access = ((AccessDecision.Allowed) d).access();
        if (!access.purposeKeys().isEmpty()) {
            throw new AccessException(422, "invalid", "the grant " + access.grantId() + " is bound to a purpose: it allows "
                    + "questions about one person at a time, not a feed of every change of " + dataset);
        }
        String ch = channel == null ? "" : channel.toLowerCase(Locale.ROOT);
        String id = "sub-" + UUID.randomUUID();
        String target;
        String secret = null;
        switch (ch) {
            case "queue" -> target = "govbus.subscription." + id;
            case "webhook" -> {
                if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
                    throw new AccessException(422, "invalid", "a webhook subscription needs the system's URL (\"url\": \"https://...\")");
                }
                target = url;
                secret = SecretFiles.newSecret();
            }
            default -> throw new AccessException(422, "invalid", "channel must be \"queue\" or \"webhook\", not \"" + channel + "\"");
        }
        long cursor = fromStart ? 0 : lastHistoryId(dataset);
        Instant now = Instant.now();
        try (java.sql.Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO govbus.subscription VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', 0, 0, NULL, NULL, ?)")) {
            ps.setString(1, id);
            ps.setString(2, caller.agency());
            ps.setString(3, caller.system());
            ps.setString(4, dataset);
            ps.setString(5, ch);
            ps.setString(6, target);
            ps.setString(7, secret);
            ps.setString(8, purpose);
            ps.setLong(9, cursor);
            ps.setObject(10, now.atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store subscription: " + e.getMessage(), e);
        }
        audit.append(caller.agency() + "/" + caller.system(), "subscription.create", id, null,
                "dataset=" + dataset + " channel=" + ch + " target=" + target);
        return new Created(find(id), secret);
    }

    /** Cancels a subscription of the caller's agency. */
    public Subscription cancel(Caller caller, String id) {
        Subscription s = get(caller, id);
        try (java.sql.Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE govbus.subscription SET state = 'CANCELLED' WHERE id = ? AND state = 'ACTIVE'")) {
            ps.setString(1, id);
            if (ps.executeUpdate() != 1) {
                throw new AccessException(409, "conflict", "subscription " + id + " is " + s.state());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        audit.append(caller.agency() + "/" + caller.system(), "subscription.cancel", id, "state=ACTIVE", "state=CANCELLED");
        return find(id);
    }

    /** The caller's subscriptions (the platform: all). */
    public List<Subscription> list(Caller caller) {
        return query("SELECT * FROM govbus.subscription ORDER BY created_at", null).stream()
                .filter(s -> visible(caller, s)).toList();
    }

    public Subscription get(Caller caller, String id) {
        return query("SELECT * FROM govbus.subscription WHERE id = ?", id).stream().findFirst()
                .filter(x -> visible(caller, x))
                .orElseThrow(() -> new AccessException(404, "not_found", "no subscription " + id));
    }

    /** How many changes of the dataset wait for this subscription. */
    public long pending(Subscription s) {
        try (java.sql.Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM govbus.record_history WHERE dataset = ? AND id > ?")) {
            ps.setString(1, s.dataset());
            ps.setLong(2, s.cursor());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static boolean visible(Caller caller, Subscription s) {
        return caller.agency().equalsIgnoreCase("PLATFORM") || caller.agency().equalsIgnoreCase(s.agency());
    }

    /** One round of deliveries for every active subscription that is due; returns the changes delivered. */
    public synchronized int deliverDue() {
        int n = 0;
        Instant now = Instant.now();
        for (Subscription s : query("SELECT * FROM govbus.subscription WHERE state = 'ACTIVE' ORDER BY created_at", null)) {
            if (s.nextAttemptAt() != null && s.nextAttemptAt().isAfter(now)) {
                continue;
            }
            try {
                n += deliver(s);
            } catch (RuntimeException | JMSException e) {
                failed(s, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        return n;
    }

    private int deliver(Subscription s) throws JMSException {
        DatasetCatalog.Entry entry = catalog.entry(s.dataset()).orElse(null);
        if (entry == null) {
            return 0;
        }
        AccessDecision d = AccessPolicy.decide(s.agency(), entry.rules(), grants.all(), Instant.now());
        if (d instanceof AccessDecision.Refused r) {
            note(s, "nothing is delivered: " + r.reason());
            return 0;
        }
        Access access = ((AccessDecision.Allowed) d).access();
        if (!access.purposeKeys().isEmpty()) {
            note(s, "nothing is delivered: the grant " + access.grantId() + " is now bound to a purpose");
            return 0;
        }
        List<Map<String, Object>> events = new ArrayList<>();
        long last = s.cursor();
        try (java.sql.Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, record_key, version, content_hash, payload, stored_at FROM govbus.record_history "
                        + "WHERE dataset = ? AND id > ? ORDER BY id LIMIT ?")) {
            ps.setString(1, s.dataset());
            ps.setLong(2, s.cursor());
            ps.setInt(3, BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong("id");
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("change", rs.getLong("id"));
                    event.put("dataset", s.dataset());
                    event.put("key", rs.getString("record_key"));
                    event.put("version", rs.getInt("version"));
                    if (SharedStore.DELETED.equals(rs.getString("content_hash"))) {
                        if (!access.rowFilter().isEmpty()) {
                            continue; // whether the deleted row was within the filter is no longer known
                        }
                        event.put("op", "DELETE");
                    } else {
                        GenericRecord record = CanonicalCodec.decode(rs.getBytes("payload"), registry);
                        Map<String, Object> values = new LinkedHashMap<>(CanonicalCodec.values(record));
                        if (!access.admits(values)) {
                            continue;
                        }
                        Map<String, Object> shown = new LinkedHashMap<>();
                        values.forEach((k, v) -> shown.put(k, json(access.apply(k, v))));
                        event.put("op", "UPSERT");
                        event.put("values", shown);
                    }
                    events.add(event);
                }
            }
        } catch (SQLException | org.govbus.schemas.WireFormatException e) {
            throw new IllegalStateException("cannot read the changes of " + s.dataset() + ": " + e.getMessage(), e);
        }
        if (last == s.cursor()) {
            return 0;
        }
        if (!events.isEmpty()) {
            if (s.channel().equals("queue")) {
                sendToQueue(s, events);
            } else {
                post(s, events);
            }
            Set<String> columns = new LinkedHashSet<>(entry.columns());
            usage.record(new UsageLog.Use(s.agency(), s.system() + " (subscription " + s.id() + ")", s.purpose(), s.channel(),
                    null, Map.of(s.dataset(), columns), events.size(), 0, "delivered"));
        }
        advance(s, last, events.size());
        return events.size();
    }

    private static Object json(Object v) {
        return v instanceof Instant || v instanceof java.time.LocalDate ? v.toString() : v;
    }

    private void sendToQueue(Subscription s, List<Map<String, Object>> events) throws JMSException {
        Connection c = connection();
        try (Session session = c.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue(s.target()));
            for (Map<String, Object> e : events) {
                TextMessage m = session.createTextMessage(JSON.writeValueAsString(e));
                m.setStringProperty("_AMQ_DUPL_ID", s.id() + ":" + e.get("change"));
                m.setStringProperty("dataset", s.dataset());
                m.setStringProperty("op", String.valueOf(e.get("op")));
                producer.send(m);
            }
            session.commit();
        }
    }

    private synchronized Connection connection() throws JMSException {
        if (connection == null) {
            connection = jms.createConnection();
            connection.start();
        }
        return connection;
    }

    private void post(Subscription s, List<Map<String, Object>> events) {
        String secret = secret(s.id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subscription", s.id());
        body.put("dataset", s.dataset());
        body.put("events", events);
        byte[] bytes = JSON.writeValueAsBytes(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(s.target())).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-GovBus-Subscription", s.id())
                .header("X-GovBus-Signature", "hmac-sm3=" + Sm3.hmacHex(secret.getBytes(StandardCharsets.UTF_8), bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the webhook cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("the webhook answered " + response.statusCode());
        }
    }

    private String secret(String id) {
        try (java.sql.Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT secret FROM govbus.subscription WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void advance(Subscription s, long cursor, int delivered) {
        update("UPDATE govbus.subscription SET cursor_id = ?, delivered = delivered + ?, attempts = 0, next_attempt_at = NULL, "
                + "last_error = NULL WHERE id = ?", cursor, delivered, s.id());
    }

    private void note(Subscription s, String why) {
        if (!why.equals(s.lastError())) {
            update("UPDATE govbus.subscription SET last_error = ? WHERE id = ?", why, s.id());
        }
    }

    private void failed(Subscription s, String why) {
        int attempts = s.attempts() + 1;
        long seconds = Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(attempts, 20));
        LOG.warn("delivery to subscription {} of {} failed ({} in a row), next try in {} s: {}", s.id(), s.agency(), attempts,
                seconds, why);
        update("UPDATE govbus.subscription SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?", attempts,
                Instant.now().plusSeconds(seconds).atOffset(ZoneOffset.UTC), why.length() > 2000 ? why.substring(0, 2000) : why,
                s.id());
    }

    private void update(String sql, Object... params) {
        try (java.sql.Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private long lastHistoryId(String dataset) {
        try (java.sql.Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(id), 0) FROM govbus.record_history WHERE dataset = ?")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Subscription find(String id) {
        return query("SELECT * FROM govbus.subscription WHERE id = ?", id).get(0);
    }

    private List<Subscription> query(String sql, String param) {
        List<Subscription> out = new ArrayList<>();
        try (java.sql.Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime next = rs.getObject("next_attempt_at", OffsetDateTime.class);
                    out.add(new Subscription(rs.getString("id"), rs.getString("agency"), rs.getString("system_name"),
                            rs.getString("dataset"), rs.getString("channel"), rs.getString("target"), rs.getString("purpose"),
                            rs.getLong("cursor_id"), rs.getString("state"), rs.getLong("delivered"), rs.getInt("attempts"),
                            next == null ? null : next.toInstant(), rs.getString("last_error"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read subscriptions: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException ignored) {
                // closing
            }
        }
    }
}
