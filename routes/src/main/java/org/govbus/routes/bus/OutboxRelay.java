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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.activemq.artemis.api.core.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what the store committed to its outbox, in order, in transacted JMS batches, then deletes what
 * it sent. Each message carries a duplicate-detection ID derived from the record, so when GovBus dies after
 * the broker committed a batch but before the outbox rows were deleted, the batch is sent again and the
 * broker drops the repeats: subscribers see each version once.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String DUP_ID = Message.HDR_DUPLICATE_DETECTION_ID.toString();

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

    private record Entry(long id, String destination, String dupId, byte[] payload, String properties) {
    }

    /** Publishes everything in the outbox; returns how many entries were handled. */
    public synchronized int drain() throws SQLException, JMSException {
        int total = 0;
        while (true) {
            int sent = publishBatch();
            total += sent;
            if (sent < batchSize) {
                return total;
            }
        }
    }

    private int publishBatch() throws SQLException, JMSException {
        List<Entry> entries = new ArrayList<>(batchSize);
        try (java.sql.Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, destination, dup_id, payload, properties FROM govbus.outbox ORDER BY id LIMIT ?")) {
                ps.setInt(1, batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getString(5)));
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
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM govbus.outbox WHERE id <= ?")) {
                ps.setLong(1, entries.get(entries.size() - 1).id());
                ps.executeUpdate();
            }
            published += entries.size();
            return entries.size();
        }
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
        if (e.properties() != null) {
            for (String line : e.properties().split("\n")) {
                int eq = line.indexOf('=');
                m.setStringProperty("govbus_" + line.substring(0, eq), line.substring(eq + 1));
            }
        }
        producer.send(destination(e.destination()), m);
    }

    private void rollbackQuietly() {
        try {
            session.rollback();
        } catch (JMSException ignored) {
            LOG.debug("rollback failed", ignored);
        }
    }

    private Destination destination(String spec) throws JMSException {
        Destination d = destinations.get(spec);
        if (d == null) {
            String name = spec.substring(spec.indexOf(':') + 1);
            d = spec.startsWith("topic:") ? session.createTopic(name) : session.createQueue(name);
            destinations.put(spec, d);
        }
        return d;
    }

    /** Entries handled since start. */
    public long published() {
        return published;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
