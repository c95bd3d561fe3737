package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.govbus.core.id.CitizenIdNumber;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * GovBus as the README starts it, in demo mode: real MariaDB and PostgreSQL, embedded Artemis, H2, and
 * real HTTP on loopback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govbus.demo=true", "govbus.poll-interval=300ms"})
class GovBusDemoIT extends RunningGovBus {




    static Map<String, String> tokens;

    Map<String, String> tokens() throws Exception {
        if (tokens == null) {
            tokens = ApiClient.credentials(dataDir.resolve("demo-credentials.json"));
        }
        return tokens;
    }

    @Test
    void shouldBeHealthyWithoutAToken() throws Exception {
        ApiClient.Answer health = new ApiClient(port).get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void shouldWriteTheDemoTokensForTheOwnerOnly() throws Exception {
        Path file = dataDir.resolve("demo-credentials.json");
        assertThat(tokens()).containsOnlyKeys("CIVIL", "EDU", "APPROVAL", "PLATFORM");
        assertThat(tokens().values()).doesNotHaveDuplicates().allMatch(t -> t.length() >= 40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void shouldAnswerCivilRegistrationsWithinAMinute() throws Exception {
        ApiClient api = new ApiClient(port);
        // CIVIL reads its own dataset whole; other agencies within their grants (FederatedQueryIT).
        String civil = tokens().get("CIVIL");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            ApiClient.Answer a = api.query(civil, "SELECT COUNT(*) AS n FROM civil.marriage_registration", List.of());
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body().get("rows").get(0).get(0).asLong()).isGreaterThanOrEqualTo(1000);
        });
        ApiClient.Answer one = api.query(civil, "SELECT registration_no, husband_id_number, wife_id_number, "
                + "registered_on, status FROM civil.marriage_registration WHERE registration_no = ?", List.of("DJ00000042"));
        assertThat(one.status()).isEqualTo(200);
        JsonNode columns = one.body().get("columns");
        assertThat(columns.get(0).get("name").asString()).isEqualTo("registration_no");
        assertThat(columns.get(3).get("type").asString()).isEqualTo("DATE");
        JsonNode row = one.body().get("rows").get(0);
        assertThat(row.get(0).asString()).isEqualTo("DJ00000042");
        assertThat(CitizenIdNumber.isValid(row.get(1).asString())).isTrue();
        assertThat(CitizenIdNumber.isMale(row.get(1).asString())).isTrue();
        assertThat(row.get(3).asString()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(row.get(4).asString()).isIn("VALID", "REVOKED");
    }

    @Test
    void shouldReadEdusTableAndItsNightlyExportIntoOneDataset() throws Exception {
        ApiClient api = new ApiClient(port);
        String edu = tokens().get("EDU");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            ApiClient.Answer a = api.query(edu, "SELECT COUNT(*) FROM edu.teacher_certificate", List.of());
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body().get("rows").get(0).get(0).asLong()).isEqualTo(1000);
        });
        // EDU's nightly GB18030 export feeds the same dataset: read, its flawed line reported, nothing stored twice.
        java.nio.file.Path archive = dataDir.resolve("demo/edu-exports/archive");
        await().atMost(Duration.ofSeconds(60)).until(() -> java.nio.file.Files.exists(archive)
                && java.nio.file.Files.list(archive).anyMatch(f -> f.toString().endsWith(".report.txt")));
        try (var reports = java.nio.file.Files.list(archive)) {
            String report = java.nio.file.Files.readString(reports.filter(f -> f.toString().endsWith(".report.txt"))
                    .findFirst().orElseThrow());
            assertThat(report).contains("1000 records, 1 rejected", "rule id-number");
        }
        assertThat(api.query(edu, "SELECT COUNT(*) FROM edu.teacher_certificate", List.of()).body()
                .get("rows").get(0).get(0).asLong()).isEqualTo(1000);
        // The spouse-settlement question across both departments is FederatedQueryIT's.
    }

    static String hydj(String djbh, String husbandId, String ywlx, String djrq, String office, String husbandName) {
        return ApiClient.JSON.writeValueAsString(java.util.Map.of("DJBH", djbh, "YWLX", ywlx, "NAN_XM", husbandName,
                "NAN_SFZH", husbandId, "NV_XM", "李娜", "NV_SFZH", "440524188001010014", "DJRQ", djrq, "DJJG_DM", office,
                "ZT", "1", "GXSJ", "2026-11-26 09:30:00"));
    }

    @Test
    void shouldTakePushedRecordsAndRejectEachBadOneWithItsReason() throws Exception {
        ApiClient api = new ApiClient(port);
        String good = "11010519491231002X".substring(0, 17);
        String husband = org.govbus.core.id.CitizenIdNumber.of("110105", java.time.LocalDate.of(1985, 6, 1), 11);
        String ndjson = String.join("\n",
                hydj("DJ90000001", husband, "01", "20240101", "110105001", "王伟"),
                hydj("DJ90000002", good + "1", "01", "20240101", "110105001", "王伟"),
                "{\"DJBH\": \"DJ90000003\", ",
                hydj("DJ90000004", husband, "09", "20240101", "110105001", "王伟"),
                hydj("DJ90000005", husband, "01", "29990101", "110105001", "王伟"),
                hydj("DJ90000006", husband, "01", "20240101", "1' OR '1'='1", "王伟"),
                hydj("DJ90000007", husband, "01", "20240101", "110105001", "王".repeat(1_000_000)));
        ApiClient.Answer a = api.post("/api/v1/ingest/civil.hydj", "application/x-ndjson", ndjson, tokens().get("CIVIL"));
        assertThat(a.status()).as(a.body().toString().substring(0, Math.min(500, a.body().toString().length()))).isEqualTo(200);
        assertThat(a.body().get("received").asInt()).isEqualTo(7);
        assertThat(a.body().get("accepted").asInt()).isEqualTo(1);
        JsonNode rejected = a.body().get("rejected");
        assertThat(rejected.size()).isEqualTo(6);
        java.util.List<String> rules = new java.util.ArrayList<>();
        for (JsonNode r : rejected) {
            rules.add(r.get("position").asInt() + ":" + r.get("errors").get(0).get("field").asString("") + ":"
                    + r.get("errors").get(0).get("rule").asString());
        }
        assertThat(rules).containsExactly("1:NAN_SFZH:id-number", "2::json", "3:YWLX:code-list", "4:DJRQ:not-future",
                "5:DJJG_DM:pattern", "6:NAN_XM:max-length");
        assertThat(rejected.get(0).get("key").asString()).isEqualTo("DJ90000002");
        assertThat(rejected.get(0).toString()).doesNotContain(good + "1");

        ApiClient.Answer stored = api.query(tokens().get("CIVIL"),
                "SELECT husband_id_number FROM civil.marriage_registration WHERE registration_no = ?", List.of("DJ90000001"));
        assertThat(stored.body().get("rows").get(0).get(0).asString()).isEqualTo(husband);

        assertThat(api.post("/api/v1/ingest/civil.hydj", "application/json", "[" + hydj("DJ90000008", husband, "01",
                "20240101", "110105001", "王伟") + "]", tokens().get("APPROVAL")).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/ingest/no.such", "application/json", "[]", tokens().get("CIVIL")).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/ingest/civil.hydj", "application/json", "[{\"DJBH\": ", tokens().get("CIVIL")).status())
                .isEqualTo(400);

        ApiClient.Answer dead = api.get("/api/v1/dead-letters?source=civil.hydj", tokens().get("CIVIL"));
        assertThat(dead.status()).isEqualTo(200);
        assertThat(dead.body().toString()).contains("DJ90000004", "code-list").doesNotContain(good + "1");
        assertThat(api.get("/api/v1/dead-letters?source=civil.hydj", tokens().get("APPROVAL")).status()).isEqualTo(403);
        long id = -1;
        for (JsonNode d : dead.body()) {
            if ("DJ90000004".equals(d.get("record").asString())) {
                id = d.get("id").asLong();
            }
        }
        ApiClient.Answer retry = api.post("/api/v1/dead-letters/" + id + "/retry", "application/json", "", tokens().get("CIVIL"));
        assertThat(retry.status()).isEqualTo(422);
        assertThat(retry.body().get("errors").get(0).get("rule").asString()).isEqualTo("code-list");
    }

    @Test
    void shouldRefuseAnythingButARead() throws Exception {
        ApiClient api = new ApiClient(port);
        String platform = tokens().get("PLATFORM");
        for (String sql : List.of("DELETE FROM civil.marriage_registration",
                "UPDATE civil.marriage_registration SET status = 'REVOKED'",
                "INSERT INTO civil.marriage_registration (registration_no) VALUES ('X')",
                "DROP TABLE civil.marriage_registration",
                "CREATE TABLE civil.x (a INT)",
                "SELECT 1; DELETE FROM civil.marriage_registration")) {
            ApiClient.Answer a = api.query(platform, sql, List.of());
            assertThat(a.status()).as(sql).isEqualTo(400);
            assertThat(a.body().get("error").asString()).isEqualTo("query_refused");
        }
        ApiClient.Answer after = api.query(tokens().get("CIVIL"),
                "SELECT COUNT(*) FROM civil.marriage_registration WHERE registration_no = 'X'", List.of());
        assertThat(after.body().get("rows").get(0).get(0).asLong()).isZero();
    }

    @Test
    void shouldBindParametersNeverSpliceThem() throws Exception {
        ApiClient.Answer a = new ApiClient(port).query(tokens().get("CIVIL"),
                "SELECT COUNT(*) FROM civil.marriage_registration WHERE registration_no = ?", List.of("x' OR '1'='1"));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("rows").get(0).get(0).asLong()).isZero();
    }

    @Test
    void shouldRefuseCallsWithoutAValidToken() throws Exception {
        ApiClient api = new ApiClient(port);
        assertThat(api.query(null, "SELECT 1", List.of()).status()).isEqualTo(401);
        ApiClient.Answer wrong = api.query("not-a-token", "SELECT 1", List.of());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().get("message").asString()).contains("Bearer");
    }

    @Test
    void shouldNameAnUnknownTableInItsError() throws Exception {
        ApiClient.Answer a = new ApiClient(port).query(tokens().get("APPROVAL"), "SELECT * FROM civil.no_such_table", List.of());
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().get("message").asString()).contains("no_such_table");
    }
}
