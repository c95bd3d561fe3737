package org.govbus.benchmarks;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.govbus.connectors.file.FileDropConnector;
import org.govbus.connectors.file.FileDropOptions;
import org.govbus.core.id.CitizenIdNumber;
import org.govbus.core.spi.RoutePlugin;
import org.govbus.core.spi.SourceDefinition;
import org.govbus.routes.bus.EmbeddedBroker;
import org.govbus.routes.ingest.BatchOutcome;
import org.govbus.routes.ingest.FileDropIngest;
import org.govbus.routes.ingest.IngestPipeline;
import org.govbus.routes.store.SharedStore;
import org.govbus.schemas.SchemaRegistry;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Ingest of a large GBK CSV export of CIVIL's HYDJ_DJXX through the file-drop connector and the
 * civil-marriage mapping into the store, with the peak heap sampled while it runs; beside it, raw Artemis
 * durable send+receive of the same number of stored payloads, in the same process.
 *
 * <p>Arguments: {@code [rows (default 1000000)] [batch size (default 1000)]}. Run with a small heap (for
 * example {@code MAVEN_OPTS=-Xmx512m}) to see that the file is streamed.
 */
public final class FileDropBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path dir = Files.createTempDirectory("govbus-file-bench");
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path csv = inbox.resolve("hydj_export.csv");
        long t0 = System.nanoTime();
        write(csv, rows);
        System.out.printf("GovBus file-drop benchmark: %,d rows, %,d MB GBK CSV written in %.1f s; batch %d; max heap %,d MB%n",
                rows, Files.size(csv) >> 20, (System.nanoTime() - t0) / 1e9, batch, Runtime.getRuntime().maxMemory() >> 20);
        Files.writeString(inbox.resolve("hydj_export.csv.done"), "");

        JdbcConnectionPool store = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("platform") + ";WRITE_DELAY=0",
                "govbus", "");
        SharedStore shared = new SharedStore(store);
        SchemaRegistry registry = new SchemaRegistry(store);
        RoutePlugin civil = ServiceLoader.load(RoutePlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("civil-marriage")).findFirst().orElseThrow();
        SourceDefinition jdbc = civil.sources(Map.of("jdbc-url", "jdbc:unused")).get(0);
        Map<String, String> options = Map.of("inbox", inbox.toString(), "encoding", "GBK", "batch-size", String.valueOf(batch));
        SourceDefinition source = new SourceDefinition("civil.hydj-export", jdbc.agency(), jdbc.dataset(), jdbc.schema(),
                jdbc.keyField(), "file-drop", options, jdbc.sensitiveIdFields(), jdbc.mapper());
        IngestPipeline pipeline = IngestPipeline.create(source, null, registry, shared, null);
        FileDropIngest ingest = new FileDropIngest(pipeline, new FileDropConnector(FileDropOptions.from(options)), shared);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseHeap = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        long stored = 0;
        BatchOutcome o;
        do {
            o = ingest.runOnce();
            stored += o.stored();
        } while (o.more());
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        double fileRate = rows / seconds;
        System.out.printf("  file -> stored: %,d of %,d records in %.1f s; heap before %,d MB, peak while ingesting %,d MB%n",
                stored, rows, seconds, baseHeap >> 20, peak.get() >> 20);

        List<byte[]> payloads = new java.util.ArrayList<>();
        try (var c = store.getConnection(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT payload FROM govbus.record_history ORDER BY id LIMIT 100000")) {
            while (rs.next()) {
                payloads.add(rs.getBytes(1));
            }
        }
        double rawRate;
        try (EmbeddedBroker broker = new EmbeddedBroker(dir.resolve("broker"), 901, 0)) {
            IngestBenchmark.raw(broker, payloads.subList(0, Math.min(20_000, payloads.size())), batch, "warm-up");
            rawRate = IngestBenchmark.raw(broker, payloads, batch, "file-baseline");
        }
        System.out.printf("raw Artemis durable send+receive : %,10.0f msg/s (100,000 of the stored payloads)%n", rawRate);
        System.out.printf("file drop GBK CSV -> stored       : %,10.0f rec/s%n", fileRate);
        System.out.printf("ratio file/raw                   : %10.2f%n", fileRate / rawRate);
        System.out.printf("peak heap used while ingesting   : %,10d MB (max heap %,d MB) for a %,d MB file%n", peak.get() >> 20,
                Runtime.getRuntime().maxMemory() >> 20, Files.size(dir.resolve("inbox/archive/hydj_export.csv")) >> 20);
        store.dispose();
    }

    private static void write(Path csv, int rows) throws Exception {
        Random r = new Random(7);
        LocalDateTime base = LocalDateTime.of(2026, 1, 1, 0, 0);
        try (BufferedWriter w = Files.newBufferedWriter(csv, Charset.forName("GBK"))) {
            w.write("DJBH,YWLX,NAN_XM,NAN_SFZH,NV_XM,NV_SFZH,DJRQ,DJJG_DM,ZT,GXSJ\r\n");
            for (int i = 0; i < rows; i++) {
                LocalDate born = LocalDate.of(1960 + r.nextInt(40), 1 + r.nextInt(12), 1 + r.nextInt(28));
                w.write(String.format("F%09d,01,\"王,伟\",%s,李娜,%s,2020%02d%02d,110105001,1,%s\r\n", i,
                        CitizenIdNumber.of("110105", born, r.nextInt(500) * 2 + 1),
                        CitizenIdNumber.of("310104", born.plusDays(400), r.nextInt(500) * 2),
                        1 + r.nextInt(12), 1 + r.nextInt(28), base.plusSeconds(i).toString().replace('T', ' ')));
            }
        }
    }
}
