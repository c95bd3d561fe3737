package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.govbus.app.config.PlatformConfig;
import org.govbus.app.demo.CivilDemoDatabase;
import org.govbus.app.demo.EmbeddedDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards the promise "nothing accepted is lost, nothing is stored twice": GovBus runs as a real separate
 * process, is killed with SIGKILL in the middle of an ingest, and is started again on the same data
 * directory. Every source record must end up stored exactly once.
 */
class EffectivelyOnceIT {

    private static final int ROWS = 20_000;
    private static final Pattern STORED = Pattern.compile("stored since start (\\d+)");

    @TempDir
    Path dir;

    @Test
    void shouldStoreEveryRecordExactlyOnceAcrossAKill() throws Exception {
        try (EmbeddedDatabases.MariaDb civil = EmbeddedDatabases.startMariaDb(dir.resolve("mariadb"), "civil")) {
            new CivilDemoDatabase(civil.url(), "root", "", 7L).seed(ROWS);
            Path dataDir = dir.resolve("govbus");
            int port = freePort();

            AtomicLong storedBeforeKill = new AtomicLong();
            CountDownLatch midIngest = new CountDownLatch(1);
            Process first = start(dataDir, port, civil.url(), dir.resolve("first.log"), n -> {
                storedBeforeKill.set(n);
                if (n >= 2_000) {
                    midIngest.countDown();
                }
            });
            assertThat(midIngest.await(120, TimeUnit.SECONDS)).as("GovBus started ingesting").isTrue();
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful anything
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(storedBeforeKill.get()).as("killed in the middle of the ingest").isLessThan(ROWS);

            Process second = start(dataDir, port, civil.url(), dir.resolve("second.log"), n -> { });
            try {
                String token = awaitToken(dataDir.resolve("platform-credentials.json"));
                ApiClient api = new ApiClient(port);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                    ApiClient.Answer a = api.query(token, "SELECT COUNT(*) FROM civil.marriage_registration", List.of());
                    assertThat(a.status()).isEqualTo(200);
                    assertThat(a.body().get("rows").get(0).get(0).asLong()).isEqualTo(ROWS);
                });
            } finally {
                second.destroy(); // SIGTERM: a graceful stop, so the store can be opened below
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }

            String secret = Files.readString(dataDir.resolve("platform").resolve("db-secret")).trim();
            try (Connection c = DriverManager.getConnection(PlatformConfig.platformUrl(dataDir), "govbus", secret);
                    Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT COUNT(*) FROM \"civil\".\"marriage_registration\"")).isEqualTo(ROWS);
                assertThat(count(s, "SELECT COUNT(*) FROM govbus.record_history")).isEqualTo(ROWS);
                assertThat(count(s, "SELECT COUNT(DISTINCT record_key) FROM govbus.record_history")).isEqualTo(ROWS);
                assertThat(count(s, "SELECT COUNT(*) FROM govbus.record_current WHERE version <> 1")).isZero();
                assertThat(count(s, "SELECT COUNT(*) FROM govbus.dead_letter")).isZero();
                assertThat(count(s, "SELECT last_id FROM govbus.publish_cursor WHERE stream = 'history'"))
                        .as("everything published").isEqualTo(count(s, "SELECT MAX(id) FROM govbus.record_history"));
            }

            // The audit log of the stopped GovBus, checked from the command line; then a deleted entry is found.
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            String[] cli = {"audit-verify", "--govbus.data-dir=" + dataDir};
            assertThat(org.govbus.app.audit.AuditVerifyCommand.run(cli, new java.io.PrintStream(out, true, "UTF-8")))
                    .as(out.toString()).isZero();
            try (Connection c = DriverManager.getConnection(PlatformConfig.platformUrl(dataDir), "govbus", secret);
                    Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT COUNT(*) FROM govbus.audit_log")).isGreaterThanOrEqualTo(2);
                s.executeUpdate("DELETE FROM govbus.audit_log WHERE seq = 1");
            }
            out.reset();
            assertThat(org.govbus.app.audit.AuditVerifyCommand.run(cli, new java.io.PrintStream(out, true, "UTF-8"))).isEqualTo(1);
            assertThat(out.toString()).contains("BROKEN at entry 1", "deleted");
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String awaitToken(Path file) {
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file));
        return await().atMost(Duration.ofSeconds(10)).until(() -> ApiClient.credentials(file).get("PLATFORM"), t -> t != null);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process start(Path dataDir, int port, String civilUrl, Path log,
            java.util.function.LongConsumer onStored) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), GovBusApplication.class.getName(),
                "--govbus.data-dir=" + dataDir, "--server.port=" + port, "--govbus.poll-interval=200ms", "--govbus.jdbc-port=0",
                "--govbus.catalog.civil.marriage_registration.share-type=UNCONDITIONAL", // PLATFORM counts the rows
                "--govbus.plugins.civil-marriage.jdbc-url=" + civilUrl,
                "--govbus.plugins.civil-marriage.user=root",
                "--govbus.plugins.civil-marriage.batch-size=200"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    var out = Files.newBufferedWriter(log)) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    Matcher m = STORED.matcher(line);
                    if (m.find()) {
                        onStored.accept(Long.parseLong(m.group(1)));
                    }
                }
            } catch (Exception e) {
                // the process was killed
            }
        }, "govbus-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }
}
