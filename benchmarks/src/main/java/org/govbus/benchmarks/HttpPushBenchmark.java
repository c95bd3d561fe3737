package org.govbus.benchmarks;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.govbus.core.id.CitizenIdNumber;
import org.govbus.core.record.Problems;
import org.govbus.routes.bus.EmbeddedBroker;
import org.govbus.schemas.CanonicalCodec;
import org.govbus.schemas.CanonicalSchemas;

/**
 * HTTP push throughput against a real GovBus process (the built {@code app/target/govbus.jar}, demo mode, on
 * loopback): NDJSON batches of CIVIL records pushed by concurrent clients, each answered only once stored.
 * Beside it, raw Artemis durable send+receive of as many canonical payloads, in this process.
 *
 * <p>Arguments: {@code [records (default 100000)] [records per request (default 1000)] [clients (default 2)]}.
 * Build the jar first: {@code mvn -B -q -DskipTests install}.
 */
public final class HttpPushBenchmark {

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int perRequest = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path jar = Path.of("app/target/govbus.jar");
        if (!Files.exists(jar)) {
            jar = Path.of("../app/target/govbus.jar");
        }
        Path dir = Files.createTempDirectory("govbus-push-bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process govbus = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toAbsolutePath().toString(), "--govbus.demo=true", "--govbus.data-dir=" + dir.resolve("data"),
                "--server.port=" + port, "--logging.level.org.govbus.routes.ingest=WARN")
                .redirectErrorStream(true).redirectOutput(dir.resolve("govbus.log").toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            String base = "http://127.0.0.1:" + port;
            waitHealthy(http, base, govbus);
            String token = token(dir.resolve("data/demo-credentials.json"), "CIVIL");
            List<String> bodies = new ArrayList<>();
            for (int from = 0; from < records; from += perRequest) {
                bodies.add(ndjson(from, Math.min(records, from + perRequest)));
            }
            System.out.printf("GovBus HTTP push benchmark: %,d records, %,d a request, %d clients, GovBus on loopback%n",
                    records, perRequest, clients);
            push(http, base, token, bodies.subList(0, Math.min(20, bodies.size())), clients); // warm-up (stored again below: unchanged)
            long start = System.nanoTime();
            long stored = push(http, base, token, bodies, clients);
            double seconds = (System.nanoTime() - start) / 1e9;
            double pushRate = records / seconds;
            System.out.printf("  pushed %,d records (%,d newly stored) in %.1f s%n", records, stored, seconds);

            Schema schema = CanonicalSchemas.byName("org.govbus.canonical.MarriageRegistration");
            CanonicalCodec codec = new CanonicalCodec(schema, 1);
            List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < Math.min(records, 100_000); i++) {
                payloads.add(codec.wire(codec.body(codec.toRecord(values(i), new Problems("b", Set.of())))));
            }
            double rawRate;
            try (EmbeddedBroker broker = new EmbeddedBroker(dir.resolve("broker"), EmbeddedBroker.nextInVmId(), 0)) {
                IngestBenchmark.raw(broker, payloads.subList(0, Math.min(20_000, payloads.size())), perRequest, "warm-up");
                rawRate = IngestBenchmark.raw(broker, payloads, perRequest, "push-baseline");
            }
            System.out.printf("raw Artemis durable send+receive : %,10.0f msg/s%n", rawRate);
            System.out.printf("HTTP push -> stored (answered)   : %,10.0f rec/s%n", pushRate);
            System.out.printf("ratio push/raw                   : %10.2f%n", pushRate / rawRate);
        } finally {
            govbus.destroy();
            govbus.waitFor();
        }
    }

    private static long push(HttpClient http, String base, String token, List<String> bodies, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Pattern stored = Pattern.compile("\"stored\":(\\d+)");
        try {
            List<Future<Long>> answers = new ArrayList<>();
            for (String body : bodies) {
                answers.add(pool.submit(() -> {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ingest/civil.hydj"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("push answered " + r.statusCode() + ": " + r.body());
                    }
                    Matcher m = stored.matcher(r.body());
                    return m.find() ? Long.parseLong(m.group(1)) : 0L;
                }));
            }
            long total = 0;
            for (Future<Long> f : answers) {
                total += f.get();
            }
            return total;
        } finally {
            pool.shutdown();
        }
    }

    private static String ndjson(int from, int to) {
        StringBuilder s = new StringBuilder();
        Random r = new Random(from);
        for (int i = from; i < to; i++) {
            LocalDate born = LocalDate.of(1960 + r.nextInt(40), 1 + r.nextInt(12), 1 + r.nextInt(28));
            s.append(String.format("{\"DJBH\":\"H%09d\",\"YWLX\":\"01\",\"NAN_XM\":\"王伟\",\"NAN_SFZH\":\"%s\",\"NV_XM\":\"李娜\","
                    + "\"NV_SFZH\":\"%s\",\"DJRQ\":\"2020%02d%02d\",\"DJJG_DM\":\"110105001\",\"ZT\":\"1\",\"GXSJ\":\"2026-11-26 10:00:00\"}\n",
                    i, CitizenIdNumber.of("110105", born, r.nextInt(500) * 2 + 1),
                    CitizenIdNumber.of("310104", born.plusDays(400), r.nextInt(500) * 2), 1 + r.nextInt(12), 1 + r.nextInt(28)));
        }
        return s.toString();
    }

    private static Map<String, Object> values(int i) {
        Map<String, Object> v = new HashMap<>();
        v.put("registration_no", String.format("H%09d", i));
        v.put("business_type", "MARRIAGE");
        v.put("husband_name", "王伟");
        v.put("husband_id_number", CitizenIdNumber.of("110105", LocalDate.of(1980, 1, 1).plusDays(i % 5000), 1));
        v.put("wife_name", "李娜");
        v.put("wife_id_number", CitizenIdNumber.of("310104", LocalDate.of(1982, 1, 1).plusDays(i % 5000), 2));
        v.put("registered_on", LocalDate.of(2020, 1, 1).plusDays(i % 1500));
        v.put("registry_office_code", "110105001");
        v.put("status", "VALID");
        v.put("source_updated_at", Instant.parse("2026-11-26T02:00:00Z"));
        return v;
    }

    private static void waitHealthy(HttpClient http, String base, Process govbus) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!govbus.isAlive()) {
                throw new IllegalStateException("GovBus exited; see its log");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("UP")) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("GovBus did not become healthy in 120 s");
    }

    private static String token(Path credentials, String agency) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(credentials) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Matcher m = Pattern.compile("\"" + agency + "\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(credentials));
        if (!m.find()) {
            throw new IllegalStateException("no " + agency + " token in " + credentials);
        }
        return m.group(1);
    }
}
