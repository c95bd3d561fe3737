package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.govbus.app.security.CredentialStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * A department onboarded while GovBus runs: a plugin jar, compiled here against exchange-core alone and
 * bringing its own canonical schema, is dropped into the plugins directory, then a broken jar beside it,
 * then a changed version of the first. No restart; the broken one is refused with its reason; the others go on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govbus.plugin-scan-interval=300ms", "govbus.poll-interval=200ms",
                "govbus.catalog.lab.sample.share-type=UNCONDITIONAL",
                "govbus.catalog.health.vaccination.share-type=UNCONDITIONAL"})
class PluginHotLoadIT extends RunningGovBus {

    @TempDir
    static Path work;


    @Autowired
    CredentialStore credentials;

    static final String SCHEMA = "{\"type\":\"record\",\"name\":\"LabSample\",\"namespace\":\"gov.lab\",\"doc\":\"A lab sample.\","
            + "\"fields\":[{\"name\":\"sample_no\",\"type\":\"string\",\"doc\":\"Key.\"},"
            + "{\"name\":\"label\",\"type\":\"string\",\"doc\":\"Label.\"}]}";

    static String plugin(String name, String transform, boolean broken) {
        return "package gov.lab;\n"
                + "import java.util.*;\n"
                + "import org.govbus.core.record.Problems;\n"
                + "import org.govbus.core.spi.*;\n"
                + "public final class LabPlugin implements RoutePlugin {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public List<SourceDefinition> sources(Map<String, String> settings) {\n"
                + (broken ? "    if (settings.get(\"lims-url\") == null) throw new IllegalArgumentException(\"needs setting lims-url\");\n" : "")
                + "    RecordMapper m = new RecordMapper() {\n"
                + "      public Map<String, Object> map(Map<String, Object> row, Problems p) {\n"
                + "        String label = LegacyValues.required(row, \"BQ\", 20, p);\n"
                + "        Map<String, Object> v = new HashMap<>();\n"
                + "        v.put(\"sample_no\", LegacyValues.required(row, \"YBBH\", 20, p));\n"
                + "        v.put(\"label\", label == null ? null : label" + transform + ");\n"
                + "        return v;\n"
                + "      }\n"
                + "      public String legacyKey(Map<String, Object> row) { return LegacyValues.text(row.get(\"YBBH\")); }\n"
                + "    };\n"
                + "    return List.of(new SourceDefinition(\"lab.lims\", \"LAB\", \"lab.sample\", \"gov.lab.LabSample\",\n"
                + "        \"sample_no\", \"http-push\", settings, Set.of(), m));\n"
                + "  }\n"
                + "}\n";
    }

    /** Compiles the plugin against the test class path and packs it with its service entry and schema. */
    static Path jar(String fileName, String source, int version) throws IOException {
        Path src = Files.createDirectories(work.resolve("v" + version + "-" + fileName).resolve("gov/lab"));
        Files.writeString(src.resolve("LabPlugin.java"), source);
        Path classes = Files.createDirectories(work.resolve("classes-" + version + "-" + fileName));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-cp", System.getProperty("java.class.path"), "-d", classes.toString(),
                src.resolve("LabPlugin.java").toString());
        assertThat(rc).as("plugin compiles").isZero();
        Path jar = work.resolve(version + "-" + fileName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("gov/lab/LabPlugin.class"));
            out.write(Files.readAllBytes(classes.resolve("gov/lab/LabPlugin.class")));
            for (String inner : List.of("gov/lab/LabPlugin$1.class")) {
                out.putNextEntry(new JarEntry(inner));
                out.write(Files.readAllBytes(classes.resolve(inner)));
            }
            out.putNextEntry(new JarEntry("META-INF/services/org.govbus.core.spi.RoutePlugin"));
            out.write("gov.lab.LabPlugin\n".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new JarEntry("avro/LabSample.avsc"));
            out.write(SCHEMA.getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    /** Drops a jar as a copy tool would: written elsewhere, moved in, its time a moment ago. */
    static void drop(Path jar, String as) throws IOException {
        Path target = dataDir.resolve("plugins").resolve(as);
        Path tmp = dataDir.resolve("plugins").resolve(as + ".part");
        Files.copy(jar, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minusSeconds(5)));
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    JsonNode plugins(ApiClient api, String token) throws Exception {
        return api.get("/api/v1/plugins", token).body();
    }

    static String state(JsonNode plugins, String name) {
        for (JsonNode p : plugins) {
            if (p.get("plugin").asString().equals(name)) {
                return p.get("state").asString() + (p.get("message").isNull() ? "" : ": " + p.get("message").asString())
                        + " @" + p.get("origin").asString();
            }
        }
        return "absent";
    }

    @Test
    void shouldLoadAddedChangedAndBrokenPluginsWithoutARestart() throws Exception {
        ApiClient api = new ApiClient(port);
        String lab = credentials.issue("LAB", "lims");
        String platform = ApiClient.credentials(dataDir.resolve("platform-credentials.json")).get("PLATFORM");

        drop(jar("lab.jar", plugin("lab-samples", "", false), 1), "lab.jar");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(state(plugins(api, platform), "lab-samples")).startsWith("RUNNING"));
        ApiClient.Answer first = api.post("/api/v1/ingest/lab.lims", "application/json",
                "[{\"YBBH\": \"S1\", \"BQ\": \"blood\"}, {\"YBBH\": \"S2\"}]", lab);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("stored").asInt()).isEqualTo(1);
        assertThat(first.body().get("rejected").get(0).get("errors").get(0).get("field").asString()).isEqualTo("BQ");

        drop(jar("broken.jar", plugin("lab-broken", "", true), 2), "broken.jar");
        Files.writeString(dataDir.resolve("plugins").resolve("empty.jar.txt"), "not a jar");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(state(plugins(api, platform), "lab-broken")).startsWith("FAILED").contains("lims-url"));
        assertThat(state(plugins(api, platform), "lab-samples")).startsWith("RUNNING");

        drop(jar("lab.jar", plugin("lab-samples", ".toUpperCase()", false), 3), "lab.jar");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            ApiClient.Answer again = api.post("/api/v1/ingest/lab.lims", "application/json",
                    "[{\"YBBH\": \"S3\", \"BQ\": \"urine\"}]", lab);
            assertThat(again.status()).isEqualTo(200);
            ApiClient.Answer q = api.query(platform, "SELECT label FROM lab.sample WHERE sample_no = 'S3'", List.of());
            assertThat(q.body().get("rows").get(0).get(0).asString()).isEqualTo("URINE");
        });
        ApiClient.Answer all = api.query(platform, "SELECT sample_no, label FROM lab.sample ORDER BY sample_no", List.of());
        assertThat(all.body().get("rows").toString()).isEqualTo("[[\"S1\",\"blood\"],[\"S3\",\"URINE\"]]");

        Files.delete(dataDir.resolve("plugins").resolve("lab.jar"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.post("/api/v1/ingest/lab.lims", "application/json", "[]", lab).status()).isEqualTo(404));
    }

    @Test
    void shouldRunAPluginDeclaredInYamlWithoutJava() throws Exception {
        ApiClient api = new ApiClient(port);
        String agency = credentials.issue("HEALTH", "vaccination-system");
        String platform = ApiClient.credentials(dataDir.resolve("platform-credentials.json")).get("PLATFORM");
        Path folder = work.resolve("vaccination");
        Files.createDirectories(folder.resolve("avro"));
        Files.writeString(folder.resolve("avro/Vaccination.avsc"), "{\"type\":\"record\",\"name\":\"Vaccination\","
                + "\"namespace\":\"gov.health\",\"doc\":\"A vaccination.\",\"fields\":["
                + "{\"name\":\"record_no\",\"type\":\"string\",\"doc\":\"Key.\"},"
                + "{\"name\":\"person_id_number\",\"type\":\"string\",\"doc\":\"ID.\",\"govbus.sensitive\":\"id_number\"},"
                + "{\"name\":\"guardian_id_number\",\"type\":[\"null\",\"string\"],\"default\":null,\"doc\":\"ID.\"},"
                + "{\"name\":\"vaccine\",\"type\":{\"type\":\"enum\",\"name\":\"Vaccine\",\"symbols\":[\"HEPB\",\"BCG\"]},\"doc\":\"Vaccine.\"},"
                + "{\"name\":\"dose\",\"type\":\"int\",\"doc\":\"Dose number.\"},"
                + "{\"name\":\"given_on\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"},\"doc\":\"Date.\"},"
                + "{\"name\":\"clinic\",\"type\":\"string\",\"doc\":\"Clinic code.\"},"
                + "{\"name\":\"born_on\",\"type\":[\"null\",{\"type\":\"int\",\"logicalType\":\"date\"}],\"default\":null,\"doc\":\"Birth date.\"}]}");
        Files.writeString(folder.resolve("plugin.yaml"), String.join("\n",
                "plugin: health-vaccination",
                "sources:",
                "  - name: health.jzxx",
                "    agency: HEALTH",
                "    dataset: health.vaccination",
                "    schema: gov.health.Vaccination",
                "    key: record_no",
                "    connector: http-push",
                "    fields:",
                "      record_no: {from: JZBH, required: true, pattern: \"JZ[0-9]{6}\"}",
                "      person_id_number: {from: SFZH, id-number: true, required: true}",
                "      guardian_id_number: {from: JHRSFZH, id-number: true}",
                "      vaccine: {from: YMDM, codes: {'01': HEPB, '02': BCG}}",
                "      dose: {from: JC, integer: true, min: 1, max: 5}",
                "      given_on: {from: JZRQ, date: yyyyMMdd, required: true, not-future: true}",
                "      clinic: {value: CLINIC-01}",
                "      born_on: {from: SFZH, derive: birth-date}",
                "    checks:",
                "      - {differ: [person_id_number, guardian_id_number], message: a guardian is another person}",
                ""));
        Path target = dataDir.resolve("plugins").resolve("vaccination");
        Files.move(folder, target);
        try (var files = Files.walk(target)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(5)));
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(state(plugins(api, platform), "health-vaccination")).startsWith("RUNNING"));
        String child = org.govbus.core.id.CitizenIdNumber.of("110105", java.time.LocalDate.of(2025, 3, 1), 21);
        String mother = org.govbus.core.id.CitizenIdNumber.of("110105", java.time.LocalDate.of(1995, 3, 1), 22);
        ApiClient.Answer a = api.post("/api/v1/ingest/health.jzxx", "application/x-ndjson", String.join("\n",
                "{\"JZBH\": \"JZ000001\", \"SFZH\": \"" + child + "\", \"JHRSFZH\": \"" + mother + "\", \"YMDM\": \"01\", \"JC\": \"1\", \"JZRQ\": \"20250302\"}",
                "{\"JZBH\": \"JZ000002\", \"SFZH\": \"" + child + "\", \"JHRSFZH\": \"" + child + "\", \"YMDM\": \"09\", \"JC\": \"one\", \"JZRQ\": \"29990101\"}",
                "{\"JZBH\": \"X1\", \"SFZH\": \"123\", \"YMDM\": \"02\", \"JC\": \"1\", \"JZRQ\": \"20250302\"}",
                "{\"JZBH\": \"JZ000004\", \"SFZH\": \"" + child + "\", \"YMDM\": \"01\", \"JC\": \"9\", \"JZRQ\": \"20250302\"}"), agency);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("stored").asInt()).isEqualTo(1);
        java.util.List<String> broken = new java.util.ArrayList<>();
        for (JsonNode r : a.body().get("rejected")) {
            for (JsonNode e : r.get("errors")) {
                broken.add(r.get("position").asInt() + ":" + e.get("field").asString() + ":" + e.get("rule").asString());
            }
        }
        assertThat(broken).contains("1:YMDM:code-list", "1:JC:integer", "1:JZRQ:not-future", "1:JHRSFZH:differ",
                "2:JZBH:pattern", "2:SFZH:id-number", "3:JC:range");
        assertThat(a.body().get("rejected").toString()).doesNotContain(child);
        ApiClient.Answer q = api.query(platform, "SELECT vaccine, dose, given_on, clinic, born_on FROM health.vaccination", List.of());
        assertThat(q.body().get("rows").toString()).isEqualTo("[[\"HEPB\",1,\"2025-03-02\",\"CLINIC-01\",\"2025-03-01\"]]");

        Files.writeString(target.resolve("plugin.yaml"), "plugin: health-vaccination\nsources: []\n");
        Files.setLastModifiedTime(target.resolve("plugin.yaml"), FileTime.from(Instant.now().minusSeconds(3)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(state(plugins(api, platform), "vaccination/")).startsWith("FAILED").contains("at least one source"));
    }
}
