package org.govbus.routes;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.govbus.core.id.CitizenIdNumber;
import org.govbus.core.spi.SourceDefinition;
import org.govbus.routes.bus.EmbeddedBroker;
import org.govbus.routes.ingest.BatchOutcome;
import org.govbus.routes.ingest.IngestPipeline;
import org.govbus.routes.ingest.QueueIngest;
import org.govbus.routes.store.SharedStore;
import org.govbus.schemas.SchemaRegistry;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A department system that speaks AMQP 1.0 (here Apache Qpid JMS over TCP) sends records to its source's queue. */
class AmqpIngestTest {

    @TempDir
    Path dir;

    @Test
    void shouldTakeRecordsSentOverAmqp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        JdbcConnectionPool ds = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("store"), "sa", "");
        try (EmbeddedBroker broker = new EmbeddedBroker(dir.resolve("broker"), EmbeddedBroker.nextInVmId(), port)) {
            SharedStore store = new SharedStore(ds);
            SchemaRegistry registry = new SchemaRegistry(ds);
            SourceDefinition def = TestPersonSource.definition("jdbc:h2:mem:unused", 10);
            IngestPipeline pipeline = IngestPipeline.create(def, null, registry, store, null);
            String id = CitizenIdNumber.of("110105", LocalDate.of(1990, 5, 5), 7);
            try (Connection amqp = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection();
                    QueueIngest queue = new QueueIngest(pipeline, broker.connectionFactory(), 10)) {
                Session s = amqp.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer p = s.createProducer(s.createQueue(QueueIngest.queueOf("test.rk")));
                p.send(s.createTextMessage("{\"RYBH\": \"A001\", \"XM\": \"张三\", \"SFZH\": \"" + id + "\"}"));
                BatchOutcome o = null;
                for (int i = 0; i < 50 && (o == null || o.read() == 0); i++) {
                    o = queue.runOnce();
                }
                assertThat(o.stored()).isEqualTo(1);
            }
            try (var c = ds.getConnection(); var st = c.createStatement();
                    var rs = st.executeQuery("SELECT \"name\" FROM \"test\".\"person\" WHERE \"person_no\" = 'A001'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("张三");
            }
        } finally {
            ds.dispose();
        }
    }
}
