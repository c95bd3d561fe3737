package org.govbus.routes.bus;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
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
 * Publishes what the store committed to its outbox, in order, in transacted JMS batches. Each message
 * carries a duplicate-detection ID derived from the record, so when GovBus dies after the broker committed
 * a batch but before the cursor moved, the batch is sent again and the broker drops the repeats: subscribers
 * see each version once.
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
        this.producer.setDeliveryMode(jakarta.jms.DeliveryMode.PERSISTENT);
        connection.start();
    }

    /** Publishes everything in the outbox; returns how many messages were sent. Not reentrant. */
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
        List<Long> ids = new ArrayList<>(batchSize);
        try (java.sql.Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, destination, dup_id, payload, properties FROM govbus.outbox ORDER BY id LIMIT ?")) {
                ps.setInt(1, batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        BytesMessage m = session.createBytesMessage();
                        m.writeBytes(rs.getBytes(4));
                        m.setStringProperty(DUP_ID, rs.getString(3));
                        String props = rs.getString(5);
                        if (props != null) {
                            for (String line : props.split("\n")) {
                                int eq = line.indexOf('=');
                                m.setStringProperty("govbus_" + line.substring(0, eq), line.substring(eq + 1));
                            }
                        }
                        producer.send(destination(rs.getString(2)), m);
                    }
                }
            }
            if (ids.isEmpty()) {
                c.rollback();
                return 0;
            }
            try {
                session.commit();
            } catch (JMSException e) {
                c.rollback();
                throw e;
            }
            long last = ids.get(ids.size() - 1);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM govbus.outbox WHERE id <= ?")) {
                ps.setLong(1, last);
                ps.executeUpdate();
            }
            c.commit();
            published += ids.size();
            return ids.size();
        } catch (SQLException | JMSException | RuntimeException e) {
            try {
                session.rollback();
            } catch (JMSException ignored) {
                LOG.debug("rollback after a failed publish failed too", ignored);
            }
            throw e;
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

    /** Messages published since start. */
    public long published() {
        return published;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
