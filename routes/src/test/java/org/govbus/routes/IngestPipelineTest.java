package org.govbus.routes;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.govbus.connectors.jdbc.JdbcPollingConnector;
import org.govbus.connectors.jdbc.JdbcSourceOptions;
import org.govbus.core.id.CitizenIdNumber;
import org.govbus.core.spi.SourceDefinition;
import org.govbus.routes.bus.EmbeddedBroker;
import org.govbus.routes.bus.OutboxRelay;
import org.govbus.routes.ingest.BatchOutcome;
import org.govbus.routes.ingest.IngestPipeline;
import org.govbus.routes.store.SharedStore;
import org.govbus.schemas.CanonicalCodec;
import org.govbus.schemas.SchemaRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole ingest path on real parts: an H2 legacy table, the H2 shared store and an embedded Artemis broker.
 */
class IngestPipelineTest {

    private static int brokerIds = 100;

    @TempDir
    Path dir;
    String sourceUrl;
    JdbcDataSource storeDs;
    SharedStore store;
    SchemaRegistry registry;
    EmbeddedBroker broker;
    OutboxRelay relay;
    Connection jms;
    Session session;
    MessageConsumer topic;

    @BeforeEach
    void setUp() throws Exception {
        sourceUrl = "jdbc:h2:mem:src" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        TestPersonSource.create(sourceUrl);
        storeDs = new JdbcDataSource();
        storeDs.setURL("jdbc:h2:file:" + dir.resolve("store"));
        store = new SharedStore(storeDs);
        registry = new SchemaRegistry(storeDs);
        broker = new EmbeddedBroker(dir.resolve("broker"), brokerIds++, 0);
        relay = new OutboxRelay(storeDs, broker.connectionFactory(), 50);
        jms = broker.connectionFactory().createConnection();
        session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
        topic = session.createConsumer(session.createTopic(SharedStore.topicOf("test.person")));
        jms.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        jms.close();
        relay.close();
        broker.close();
    }

    IngestPipeline pipeline(int batchSize) {
        SourceDefinition def = TestPersonSource.definition(sourceUrl, batchSize);
        return IngestPipeline.create(def, new JdbcPollingConnector(JdbcSourceOptions.from(def.options())), registry, store, null);
    }

    static String id(int i) {
        return CitizenIdNumber.of("110105", LocalDate.of(1980, 1, 1).plusDays(i), i % 1000);
    }

    int drainAll(IngestPipeline p) throws Exception {
        int stored = 0;
        BatchOutcome o;
        do {
            o = p.runOnce();
            stored += o.stored();
            relay.drain();
        } while (o.more());
        return stored;
    }

    List<String> received() throws Exception {
        List<String> keys = new ArrayList<>();
        Message m;
        while ((m = topic.receive(500)) != null) {
            BytesMessage b = (BytesMessage) m;
            byte[] payload = new byte[(int) b.getBodyLength()];
            b.readBytes(payload);
            // Every message decodes with the registry alone.
            keys.add(CanonicalCodec.decode(payload, registry).get("person_no").toString());
        }
        return keys;
    }

    long count(String sql) throws Exception {
        try (java.sql.Connection c = storeDs.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldStoreGoodRowsPublishThemAndDeadLetterBadOnesWithTheirReason() throws Exception {
        for (int i = 1; i <= 25; i++) {
            // Rows 7 and 19 carry an ID number with a wrong check character; they share a watermark with others.
            String idNumber = i == 7 || i == 19 ? id(i).substring(0, 17) + (id(i).endsWith("1") ? "2" : "1") : id(i);
            TestPersonSource.upsert(sourceUrl, String.format("P%03d", i), "人" + i, idNumber,
                    "2026-11-26 10:00:0" + (i % 3));
        }
        IngestPipeline p = pipeline(10);
        assertThat(drainAll(p)).isEqualTo(23);

        assertThat(count("SELECT COUNT(*) FROM \"test\".\"person\"")).isEqualTo(23);
        assertThat(count("SELECT COUNT(*) FROM govbus.record_history")).isEqualTo(23);
        assertThat(count("SELECT last_id FROM govbus.publish_cursor WHERE stream = 'history'"))
                .isEqualTo(count("SELECT MAX(id) FROM govbus.record_history"));
        try (java.sql.Connection c = storeDs.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT record_ref, errors FROM govbus.dead_letter ORDER BY record_ref")) {
            List<String> refs = new ArrayList<>();
            while (rs.next()) {
                refs.add(rs.getString(1));
                assertThat(rs.getString(2)).contains("\"field\":\"SFZH\"", "\"rule\":\"id-number\"", "check character")
                        .doesNotContain(id(7).substring(6, 14));
            }
            assertThat(refs).containsExactly("P007", "P019");
        }
        assertThat(received()).hasSize(23).doesNotHaveDuplicates().doesNotContain("P007", "P019");
    }

    @Test
    void shouldStoreAChangeAsANewVersionAndARepeatNotAtAll() throws Exception {
        TestPersonSource.upsert(sourceUrl, "P001", "张三", id(1), "2026-11-26 10:00:00");
        TestPersonSource.upsert(sourceUrl, "P002", "李四", id(2), "2026-11-26 10:00:00");
        assertThat(drainAll(pipeline(10))).isEqualTo(2);
        // Touched but unchanged: read again, stored once.
        TestPersonSource.upsert(sourceUrl, "P001", "张三", id(1), "2026-11-26 11:00:00");
        // Changed: a second version.
        TestPersonSource.upsert(sourceUrl, "P002", "李四四", id(2), "2026-11-26 11:00:00");
        IngestPipeline restarted = pipeline(10);
        BatchOutcome o = restarted.runOnce();
        relay.drain();
        assertThat(o.read()).isEqualTo(2);
        assertThat(o.stored()).isEqualTo(1);
        assertThat(o.duplicates()).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM govbus.record_history WHERE record_key = 'P002'")).isEqualTo(2);
        assertThat(count("SELECT MAX(version) FROM govbus.record_current WHERE record_key = 'P002'")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM \"test\".\"person\" WHERE \"name\" = '李四四'")).isEqualTo(1);
        assertThat(received()).containsExactly("P001", "P002", "P002");
        // Nothing new: nothing read.
        assertThat(restarted.runOnce().read()).isZero();
    }

    @Test
    void shouldDropMessagesThatARestartSendsAgain() throws Exception {
        TestPersonSource.upsert(sourceUrl, "P001", "张三", id(1), "2026-11-26 10:00:00");
        TestPersonSource.upsert(sourceUrl, "P002", "李四", id(2), "2026-11-26 10:00:00");
        pipeline(10).runOnce();
        assertThat(relay.drain()).isEqualTo(2);
        // As if GovBus died after the broker's commit but before the cursor moved: the batch goes out again.
        try (java.sql.Connection c = storeDs.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE govbus.publish_cursor SET last_id = 0 WHERE stream = 'history'");
        }
        TestPersonSource.upsert(sourceUrl, "P003", "王五", id(3), "2026-11-26 10:00:01");
        pipeline(10).runOnce();
        assertThat(relay.drain()).isEqualTo(3);
        assertThat(received()).containsExactly("P001", "P002", "P003");
    }

    @Test
    void shouldPublishDeadLettersWithTheirReasonOnTheSourcesQueue() throws Exception {
        TestPersonSource.upsert(sourceUrl, "P001", "张三", "123", "2026-11-26 10:00:00");
        pipeline(10).runOnce();
        relay.drain();
        try (MessageConsumer dlq = session.createConsumer(session.createQueue(SharedStore.deadLetterQueueOf("test.rk")))) {
            BytesMessage m = (BytesMessage) dlq.receive(5_000);
            assertThat(m).isNotNull();
            byte[] body = new byte[(int) m.getBodyLength()];
            m.readBytes(body);
            assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).contains("P001", "SFZH", "id-number");
            assertThat(m.getStringProperty("govbus_record")).isEqualTo("P001");
        }
    }

    @Test
    void shouldStorePushedRecordsAndAnswerEachRejectionWithItsPosition() throws Exception {
        IngestPipeline p = pipeline(10);
        List<java.util.Map<String, Object>> rows = new ArrayList<>();
        rows.add(java.util.Map.of("RYBH", "H001", "XM", "张三", "SFZH", id(1), "GXSJ", "2026-11-26 10:00:00"));
        rows.add(java.util.Map.of("RYBH", "H002", "XM", "李四", "SFZH", "110105", "GXSJ", "2026-11-26 10:00:00"));
        rows.add(null);
        rows.add(java.util.Map.of("RYBH", "H001", "XM", "张三", "SFZH", id(1), "GXSJ", "2026-11-26 10:00:00"));
        IngestPipeline.PushOutcome o = p.push(rows, java.util.Map.of(2, new org.govbus.core.record.RecordError(
                "(position 2)", null, null, "json", "not JSON")));
        assertThat(o.received()).isEqualTo(4);
        assertThat(o.stored()).isEqualTo(1);
        assertThat(o.duplicates()).isEqualTo(1);
        assertThat(o.rejected()).extracting(IngestPipeline.PushRejection::position).containsExactly(1, 2);
        assertThat(o.rejected().get(0).key()).isEqualTo("H002");
        assertThat(o.rejected().get(0).errors().get(0).rule()).isEqualTo("id-number");
        assertThat(store.deadLetters("test.rk", "OPEN", 10)).hasSize(2);
        // A push moves no polling position.
        assertThat(store.position("test.rk")).isEmpty();
    }

    @Test
    void shouldStoreADeadLetterOnRetryOnceTheMappingIsFixed() throws Exception {
        TestPersonSource.upsert(sourceUrl, "P001", "张三", "12345", "2026-11-26 10:00:00");
        IngestPipeline p = pipeline(10);
        p.runOnce();
        SharedStore.DeadLetter dead = store.deadLetters("test.rk", "OPEN", 10).get(0);
        assertThat(p.retry(dead.id(), dead.rawJson())).extracting(org.govbus.core.record.RecordError::rule)
                .containsExactly("id-number");
        TestPersonSource.lenient = true;
        try {
            assertThat(p.retry(dead.id(), dead.rawJson())).isEmpty();
        } finally {
            TestPersonSource.lenient = false;
        }
        assertThat(store.deadLetter(dead.id()).orElseThrow().status()).isEqualTo("RETRIED");
        assertThat(count("SELECT COUNT(*) FROM \"test\".\"person\" WHERE \"person_no\" = 'P001'")).isEqualTo(1);
        // Retrying a retried letter is refused, not stored twice.
        TestPersonSource.lenient = true;
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.retry(dead.id(), dead.rawJson()))
                    .hasMessageContaining("not open");
        } finally {
            TestPersonSource.lenient = false;
        }
    }

    @Test
    void shouldTakeRecordsFromTheSourcesQueueAndCommitThemOnlyOnceStored() throws Exception {
        IngestPipeline p = pipeline(10);
        try (jakarta.jms.Connection producerConn = broker.connectionFactory().createConnection();
                org.govbus.routes.ingest.QueueIngest queue = new org.govbus.routes.ingest.QueueIngest(p,
                        broker.connectionFactory(), 100)) {
            Session ps = producerConn.createSession(false, Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.MessageProducer producer = ps.createProducer(ps.createQueue(
                    org.govbus.routes.ingest.QueueIngest.queueOf("test.rk")));
            producer.send(ps.createTextMessage("{\"RYBH\": \"Q001\", \"XM\": \"张三\", \"SFZH\": \"" + id(1) + "\"}"));
            producer.send(ps.createTextMessage("[{\"RYBH\": \"Q002\", \"XM\": \"李四\", \"SFZH\": \"" + id(2) + "\"},"
                    + " {\"RYBH\": \"Q003\", \"XM\": \"王五\", \"SFZH\": \"123\"}]"));
            producer.send(ps.createTextMessage("this is not json"));
            producer.send(ps.createBytesMessage());
            BatchOutcome o = queue.runOnce();
            assertThat(o.read()).isEqualTo(5);
            assertThat(o.stored()).isEqualTo(2);
            assertThat(o.rejected()).isEqualTo(3);
            assertThat(queue.runOnce().read()).as("the messages were committed").isZero();
        }
        assertThat(store.deadLetters("test.rk", "OPEN", 10)).extracting(SharedStore.DeadLetter::errors)
                .anySatisfy(e -> assertThat(e).contains("\"rule\":\"json\""))
                .anySatisfy(e -> assertThat(e).contains("\"rule\":\"id-number\""));
    }

    @Test
    void shouldStoreOnceWhenTwoSourcesFeedOneDatasetAtTheSameTime() throws Exception {
        IngestPipeline a = pipeline(10);
        SourceDefinition base = TestPersonSource.definition(sourceUrl, 10);
        SourceDefinition other = new SourceDefinition("test.rk-export", base.agency(), base.dataset(), base.schema(),
                base.keyField(), "http-push", base.options(), base.sensitiveIdFields(), base.mapper());
        IngestPipeline b = IngestPipeline.create(other, null, registry, store, null);
        List<java.util.Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(java.util.Map.of("RYBH", String.format("C%03d", i), "XM", "人", "SFZH", id(i)));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<IngestPipeline.PushOutcome>> done = new ArrayList<>();
            for (IngestPipeline p : List.of(a, b)) {
                done.add(pool.submit(() -> p.push(rows, java.util.Map.of())));
            }
            int stored = 0;
            for (var f : done) {
                stored += f.get().stored();
            }
            assertThat(stored).isEqualTo(300);
        } finally {
            pool.shutdown();
        }
        assertThat(count("SELECT COUNT(*) FROM govbus.record_history")).isEqualTo(300);
    }

    @Test
    void shouldFindChangesAndDeletionsInATableWithoutUpdateTimes() throws Exception {
        for (int i = 1; i <= 5; i++) {
            TestPersonSource.upsert(sourceUrl, String.format("K%03d", i), "人" + i, id(i), "2026-11-26 10:00:00");
        }
        SourceDefinition base = TestPersonSource.definition(sourceUrl, 2);
        java.util.Map<String, String> options = new java.util.HashMap<>(base.options());
        options.remove("watermark-column");
        IngestPipeline p = pipeline(2);
        org.govbus.routes.ingest.CompareIngest compare = new org.govbus.routes.ingest.CompareIngest(p,
                new JdbcPollingConnector(JdbcSourceOptions.from(options)), storeDs);
        assertThat(pass(compare)).isEqualTo(5);
        assertThat(pass(compare)).as("nothing changed: nothing stored").isZero();

        TestPersonSource.upsert(sourceUrl, "K002", "改名", id(2), "2026-11-26 10:00:00");
        TestPersonSource.upsert(sourceUrl, "K006", "新人", id(6), "2026-11-26 10:00:00");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(sourceUrl); Statement s = c.createStatement()) {
            s.execute("DELETE FROM RK_RYXX WHERE RYBH = 'K004'");
        }
        assertThat(pass(compare)).as("one change, one new, one deletion").isEqualTo(3);
        relay.drain();
        assertThat(count("SELECT COUNT(*) FROM \"test\".\"person\"")).isEqualTo(5);
        assertThat(count("SELECT COUNT(*) FROM \"test\".\"person\" WHERE \"person_no\" = 'K004'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM govbus.record_history WHERE record_key = 'K004' AND content_hash = 'DELETED'"))
                .isEqualTo(1);
        List<String> deletions = new ArrayList<>();
        Message m;
        while ((m = topic.receive(500)) != null) {
            if ("true".equals(m.getStringProperty("govbus_deleted"))) {
                deletions.add(m.getStringProperty("govbus_key"));
            }
        }
        assertThat(deletions).containsExactly("K004");
        assertThat(pass(compare)).as("a deletion is published once").isZero();
    }

    /** Runs one whole comparison pass; returns records stored plus deleted. */
    private static int pass(org.govbus.routes.ingest.CompareIngest compare) throws Exception {
        int changed = 0;
        BatchOutcome o;
        do {
            o = compare.runOnce();
            changed += o.stored();
        } while (o.more());
        return changed;
    }
}
