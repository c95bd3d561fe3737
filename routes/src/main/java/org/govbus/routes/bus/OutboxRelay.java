package org.govbus.routes.bus;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.activemq.artemis.api.core.Message;
import org.govbus.routes.store.SharedStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what the store committed, in order, in transacted JMS batches: new record versions from
 * {@code govbus.record_history} to their dataset's topic, dead letters from {@code govbus.dead_letter} to their
 * source's dead-letter queue. A cursor per log says how far it got. Each message carries a duplicate-detection
 * ID derived from the record, so when GovBus dies after the broker committed a batch but before the cursor
 * moved, the batch is sent again and the broker drops the repeats: subscribers see each version once.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String DUP_ID = Message.HDR_DUPLICATE_DETECTION_ID.toString();

    /** One log the relay publishes from: its cursor name and how to read and address its rows. */
    private enum Log {
        HISTORY("history", "SELECT id, dataset, record_key, version, content_hash, schema_id, payload "
                + "FROM govbus.record_history WHERE id > ? ORDER BY id LIMIT ?"),
        DEAD_LETTER("dead_letter", "SELECT id, source, record_ref, errors FROM govbus.dead_letter "
                + "WHERE id > ? ORDER BY id LIMIT ?");

        final String stream;
        final String select;

        Log(String stream, String select) {
            this.stream = stream;
            this.select = select;
        }
    }

    private final DataSource dataSource;
    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final Map<String, Destination> destinations = new HashMap<>();
    private final int batchSize;
    private long published;

    public OutboxRelay(DataSource dataSource, ConnectionFactory factory, int batchSize) throws JMSException {
        this.dataSource = dataSource;
        this.batchSize = batchSize;
        this.connection = factory.createConnection();
        this.session = connection.createSession(true, Session.SESSION_TRANSACTED);
        this.producer = session.createProducer(null);
        this.producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        connection.start();
    }

    private record Entry(long id, boolean topic, String destination, String dupId, byte[] payload,
            Map<String, String> properties) {
    }

    /** Publishes everything not yet published; returns how many messages were handled. */
    public synchronized int drain() throws SQLException, JMSException {
        int total = 0;
        for (Log log : Log.values()) {
            int sent;
            do {
                sent = publishBatch(log);
                total += sent;
            } while (sent == batchSize);
        }
        return total;
    }

    private int publishBatch(Log log) throws SQLException, JMSException {
        List<Entry> entries = new ArrayList<>(batchSize);
        try (java.sql.Connection c = dataSource.getConnection()) {
            long cursor;
            try (PreparedStatement ps = c.prepareStatement("SELECT last_id FROM govbus.publish_cursor WHERE stream = ?")) {
                ps.setString(1, log.stream);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    cursor = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(log.select)) {
                ps.setLong(1, cursor);
                ps.setInt(2, batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(log == Log.HISTORY ? historyEntry(rs) : deadLetterEntry(rs));
                    }
                }
            }
            if (entries.isEmpty()) {
                return 0;
            }
            try {
                for (Entry e : entries) {
                    send(e);
                }
                session.commit();
            } catch (JMSException e) {
                rollbackQuietly();
                // The broker refuses a whole transaction that holds a duplicate: after a crash the first
                // batch is a repeat. Send it again one message per transaction; repeats are then dropped alone.
                LOG.info("publishing a batch of {} again one by one: {}", entries.size(), e.getMessage());
                sendOneByOne(entries);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE govbus.publish_cursor SET last_id = ? WHERE stream = ?")) {
                ps.setLong(1, entries.get(entries.size() - 1).id());
                ps.setString(2, log.stream);
                ps.executeUpdate();
            }
            published += entries.size();
            return entries.size();
        }
    }

    private static Entry historyEntry(ResultSet rs) throws SQLException {
        String dataset = rs.getString(2);
        String key = rs.getString(3);
        int version = rs.getInt(4);
        // The content hash is part of the ID: a version replayed with other content is not dropped.
        String hash = rs.getString(5).strip();
        String dupId = dataset + "|" + key + "|" + version + "|" + hash;
        Map<String, String> properties = new HashMap<>(Map.of("govbus_dataset", dataset, "govbus_key", key,
                "govbus_version", String.valueOf(version), "govbus_schema_id", String.valueOf(rs.getInt(6))));
        if (SharedStore.DELETED.equals(hash)) {
            // A deletion at the source: an empty body, and this property to say so.
            properties.put("govbus_deleted", "true");
        }
        return new Entry(rs.getLong(1), true, SharedStore.topicOf(dataset), dupId, rs.getBytes(7), properties);
    }

    private static Entry deadLetterEntry(ResultSet rs) throws SQLException {
        String source = rs.getString(2);
        String ref = rs.getString(3) == null ? "" : rs.getString(3);
        return new Entry(rs.getLong(1), false, SharedStore.deadLetterQueueOf(source), "dead|" + rs.getLong(1),
                rs.getString(4).getBytes(StandardCharsets.UTF_8), Map.of("govbus_source", source, "govbus_record", ref,
                "govbus_dead_letter_id", String.valueOf(rs.getLong(1))));
    }

    private void sendOneByOne(List<Entry> entries) throws JMSException {
        for (Entry e : entries) {
            try {
                send(e);
                session.commit();
            } catch (JMSException ex) {
                rollbackQuietly();
                if (!isDuplicate(ex)) {
                    throw ex;
                }
                LOG.debug("dropped a message the broker already has: {}", e.dupId());
            }
        }
    }

    private static boolean isDuplicate(JMSException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Duplicate message detected")) {
                return true;
            }
        }
        return false;
    }

    private void send(Entry e) throws JMSException {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(e.payload());
        m.setStringProperty(DUP_ID, e.dupId());
        for (Map.Entry<String, String> p : e.properties().entrySet()) {
            m.setStringProperty(p.getKey(), p.getValue());
        }
        producer.send(destination(e.topic(), e.destination()), m);
    }

    private void rollbackQuietly() {
        try {
            session.rollback();
        } catch (JMSException ignored) {
            LOG.debug("rollback failed", ignored);
        }
    }

    private Destination destination(boolean topic, String name) throws JMSException {
        Destination d = destinations.get(name);
        if (d == null) {
            d = topic ? session.createTopic(name) : session.createQueue(name);
            destinations.put(name, d);
        }
        return d;
    }

    /** Messages handled since start. */
    public long published() {
        return published;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
