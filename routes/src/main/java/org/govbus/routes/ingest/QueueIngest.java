package org.govbus.routes.ingest;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.govbus.connectors.JsonRecords;
import org.govbus.core.record.RecordError;

/**
 * The messaging connector: a source's own queue on the bus, {@code govbus.ingest.<source>}, for systems that
 * already speak JMS or AMQP. Each text message holds one record as a JSON object, or several as a JSON array or
 * NDJSON, in the source's own shape. A batch of messages is received in a JMS transaction that commits only
 * after the records are stored: a crash in between redelivers them, and the content hash stores them once.
 */
public final class QueueIngest implements Poller, AutoCloseable {

    private final IngestPipeline pipeline;
    private final Connection connection;
    private final Session session;
    private final MessageConsumer consumer;
    private final int batchSize;

    /** The queue of a source. */
    public static String queueOf(String source) {
        return "govbus.ingest." + source;
    }

    public QueueIngest(IngestPipeline pipeline, ConnectionFactory factory, int batchSize) throws JMSException {
        this.pipeline = pipeline;
        this.batchSize = batchSize;
        this.connection = factory.createConnection();
        this.session = connection.createSession(true, Session.SESSION_TRANSACTED);
        this.consumer = session.createConsumer(session.createQueue(queueOf(pipeline.source().name())));
        connection.start();
    }

    @Override
    public synchronized BatchOutcome runOnce() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<Integer, RecordError> unparsable = new HashMap<>();
        int messages = 0;
        Message m = consumer.receive(50);
        while (m != null) {
            messages++;
            add(m, rows, unparsable);
            if (rows.size() >= batchSize) {
                break;
            }
            m = consumer.receiveNoWait();
        }
        if (messages == 0) {
            return new BatchOutcome(0, 0, 0, 0, false, BatchOutcome.Timing.NONE);
        }
        try {
            IngestPipeline.PushOutcome o = pipeline.push(rows, unparsable);
            session.commit();
            return new BatchOutcome(rows.size(), o.stored(), o.duplicates(), o.rejected().size(), m != null,
                    BatchOutcome.Timing.NONE);
        } catch (Exception e) {
            session.rollback();
            throw e;
        }
    }

    private static void add(Message m, List<Map<String, Object>> rows, Map<Integer, RecordError> unparsable)
            throws JMSException {
        String id = m.getJMSMessageID();
        if (!(m instanceof TextMessage text) || text.getText() == null) {
            unparsable.put(rows.size(), new RecordError("message " + id, null, null, "json",
                    "a message to an ingest queue is a text message of JSON records"));
            rows.add(null);
            return;
        }
        JsonRecords.Parsed parsed;
        try {
            parsed = JsonRecords.parse(text.getText());
        } catch (IllegalArgumentException e) {
            unparsable.put(rows.size(), new RecordError("message " + id, null, null, "json", e.getMessage()));
            rows.add(null);
            return;
        }
        int offset = rows.size();
        parsed.problems().forEach((i, p) -> unparsable.put(offset + i, new RecordError("message " + id, null, null, p[0], p[1])));
        rows.addAll(parsed.rows());
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
