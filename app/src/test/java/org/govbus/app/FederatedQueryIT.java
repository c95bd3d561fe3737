package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.govbus.app.access.GrantStore;
import org.govbus.app.query.JdbcEndpoint;
import org.govbus.app.security.CredentialStore;
import org.govbus.core.access.Grant;
import org.govbus.core.id.CitizenIdNumber;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * The federated query layer on the demo departments, asked over HTTP and over the Avatica JDBC endpoint, as the
 * approval system (APPROVAL, holding the demo's purpose-bound grants) and as HEALTH (an agency with no grant).
 * The rules are enforced in the plan: these tests try the SQL forms that would get around a rule matched on text.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govbus.demo=true", "govbus.poll-interval=300ms", "govbus.query.timeout=3s"})
class FederatedQueryIT extends RunningGovBus {

    static final String SPOUSE_SETTLEMENT = "SELECT t.certificate_no, t.qualification_level, t.valid_until, "
            + "m.registration_no, m.registered_on, m.wife_name AS spouse_name, m.wife_id_number AS spouse_id_number "
            + "FROM edu.teacher_certificate t JOIN civil.marriage_registration m ON m.husband_id_number = t.holder_id_number "
            + "WHERE t.holder_id_number = ? AND m.status = 'VALID'";

    static Map<String, String> tokens;
    static String healthToken;

    @Autowired
    GrantStore grants;
    @Autowired
    CredentialStore credentials;
    @Autowired
    JdbcEndpoint jdbc;
    @Autowired
    DataSource platform;
    @Autowired
    org.govbus.app.access.UsageLog usage;

    /** Waits for the demo data; returns a client. */
    ApiClient api() throws Exception {
        if (tokens == null) {
            tokens = ApiClient.credentials(dataDir.resolve("demo-credentials.json"));
            healthToken = credentials.issue("HEALTH", "health-portal");
        }
        ApiClient a = new ApiClient(port);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(count(a, "CIVIL", "civil.marriage_registration")).isGreaterThanOrEqualTo(1000);
            assertThat(count(a, "EDU", "edu.teacher_certificate")).isEqualTo(1000);
        });
        return a;
    }

    static long count(ApiClient a, String agency, String dataset) throws Exception {
        ApiClient.Answer answer = a.query(tokens.get(agency), "SELECT COUNT(*) FROM " + dataset, List.of());
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body().get("rows").get(0).get(0).asLong();
    }

    /** A married teacher (husband in a VALID registration) as the departments themselves see it. */
    record Couple(String teacherId, String certificateNo, String registrationNo, String wifeId, String wifeName) {
    }

    Couple couple(ApiClient a) throws Exception {
        Map<String, String> certificates = new HashMap<>();
        a.query(tokens.get("EDU"), "SELECT holder_id_number, certificate_no FROM edu.teacher_certificate", List.of())
                .body().get("rows").forEach(r -> certificates.put(r.get(0).asString(), r.get(1).asString()));
        for (JsonNode r : a.query(tokens.get("CIVIL"), "SELECT husband_id_number, registration_no, wife_id_number, wife_name "
                + "FROM civil.marriage_registration WHERE status = 'VALID' ORDER BY registration_no", List.of()).body().get("rows")) {
            String husband = r.get(0).asString();
            if (certificates.containsKey(husband)) {
                return new Couple(husband, certificates.get(husband), r.get(1).asString(), r.get(2).asString(),
                        r.get(3).asString());
            }
        }
        throw new AssertionError("the demo has no married teacher");
    }

    Connection jdbc(String token, String purpose) throws SQLException {
        Properties info = new Properties();
        info.setProperty("user", "system");
        info.setProperty("password", token);
        if (purpose != null) {
            info.setProperty("purpose", purpose);
        }
        return DriverManager.getConnection("jdbc:avatica:remote:url=http://127.0.0.1:" + jdbc.port()
                + ";serialization=PROTOBUF", info);
    }

    @Test
    void approvalAsksTheSpouseSettlementQuestionOverJdbcAndHttpAndGetsWhatItsGrantAllows() throws Exception {
        ApiClient a = api();
        Couple c = couple(a);
        try (Connection conn = jdbc(tokens.get("APPROVAL"), "spouse settlement, case HJ-2026-0042");
                PreparedStatement ps = conn.prepareStatement(SPOUSE_SETTLEMENT)) {
            ps.setString(1, c.teacherId());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("certificate_no")).isEqualTo(c.certificateNo());
                assertThat(rs.getString("registration_no")).isEqualTo(c.registrationNo());
                assertThat(rs.getString("spouse_id_number")).isEqualTo(c.wifeId());
                assertThat(rs.getString("spouse_name")).isEqualTo(c.wifeName());
                assertThat(rs.getDate("registered_on")).isNotNull();
                assertThat(rs.next()).isFalse();
            }
            // The same prepared statement for another person: the plan is reused, the answer is that person's.
            ps.setString(1, CitizenIdNumber.of("110105", java.time.LocalDate.of(1970, 1, 1), 999));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isFalse();
            }
            // Only what the grant names: APPROVAL does not even see the CIVIL clerk's office code in clear? It does,
            // it is not sensitive; but a bulk read is refused by the purpose binding.
            try (Statement s = conn.createStatement()) {
                assertThatThrownBy(() -> s.executeQuery("SELECT * FROM civil.marriage_registration"))
                        .hasMessageContaining("bound to a purpose").hasMessageContaining("husband_id_number");
            }
        }
        ApiClient.Answer http = a.query(tokens.get("APPROVAL"), "spouse settlement", SPOUSE_SETTLEMENT, List.of(c.teacherId()));
        assertThat(http.status()).as(http.body().toString()).isEqualTo(200);
        assertThat(http.body().get("rows").get(0).get(6).asString()).isEqualTo(c.wifeId());

        List<String> logged = new ArrayList<>();
        usage.flush();
        try (Connection conn = usage.dataSource().getConnection(); Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT channel, purpose, datasets, rows_returned, outcome FROM govbus.usage_log "
                        + "WHERE agency = 'APPROVAL' AND purpose LIKE 'spouse settlement%' ORDER BY id")) {
            while (rs.next()) {
                logged.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getLong(4) + "|"
                        + rs.getString(5).replaceAll(":.*", ""));
            }
        }
        assertThat(logged).contains(
                "jdbc|spouse settlement, case HJ-2026-0042|civil.marriage_registration,edu.teacher_certificate|1|ok",
                "jdbc|spouse settlement, case HJ-2026-0042|civil.marriage_registration,edu.teacher_certificate|0|ok",
                "jdbc|spouse settlement, case HJ-2026-0042||0|refused",
                "rest|spouse settlement|civil.marriage_registration,edu.teacher_certificate|1|ok");
    }

    @Test
    void aPurposeBoundGrantRefusesEveryBulkReadWhateverItsForm() throws Exception {
        ApiClient a = api();
        Couple c = couple(a);
        String approval = tokens.get("APPROVAL");
        List<String> elevenPeople = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            elevenPeople.add("'" + CitizenIdNumber.of("110105", java.time.LocalDate.of(1980, 1, 1 + i), 11) + "'");
        }
        for (String sql : List.of(
                "SELECT COUNT(*) FROM civil.marriage_registration",
                "SELECT * FROM civil.marriage_registration WHERE registration_no = 'DJ00000001'",
                "SELECT * FROM civil.marriage_registration WHERE husband_id_number LIKE '1101%'",
                "SELECT * FROM civil.marriage_registration WHERE husband_id_number <> '" + c.teacherId() + "'",
                "SELECT * FROM civil.marriage_registration WHERE husband_id_number = '" + c.teacherId() + "' OR status = 'VALID'",
                "SELECT * FROM civil.marriage_registration WHERE husband_id_number IN (" + String.join(",", elevenPeople) + ")",
                "SELECT * FROM civil.marriage_registration WHERE UPPER(husband_id_number) = '" + c.teacherId() + "'",
                "SELECT m.* FROM edu.teacher_certificate t JOIN civil.marriage_registration m "
                        + "ON m.husband_id_number = t.holder_id_number",
                "SELECT * FROM (SELECT * FROM civil.marriage_registration) x WHERE x.registration_no > ''")) {
            ApiClient.Answer r = a.query(approval, "bulk", sql, List.of());
            assertThat(r.status()).as(sql).isEqualTo(400);
            assertThat(r.body().get("message").asString()).as(sql).contains("bound to a purpose");
        }
        for (String sql : List.of(
                "SELECT registration_no FROM civil.marriage_registration WHERE husband_id_number = '" + c.teacherId() + "'",
                "SELECT registration_no FROM civil.marriage_registration WHERE wife_id_number = ? OR husband_id_number = ?",
                "SELECT registration_no FROM civil.marriage_registration WHERE husband_id_number IN ("
                        + String.join(",", elevenPeople.subList(0, 9)) + ", '" + c.teacherId() + "')",
                "SELECT * FROM (SELECT * FROM civil.marriage_registration) x WHERE x.husband_id_number = ?")) {
            ApiClient.Answer r = a.query(approval, "one person", sql,
                    sql.contains("?") ? java.util.Collections.nCopies(sql.split("\\?", -1).length - 1, c.teacherId()) : List.of());
            assertThat(r.status()).as(sql + " " + r.body()).isEqualTo(200);
            assertThat(r.body().get("rows").toString()).as(sql).contains(c.registrationNo());
        }
    }

    @Test
    void maskedColumnsStayMaskedThroughEverySqlForm() throws Exception {
        ApiClient a = api();
        Set<String> clearIds = new HashSet<>();
        Set<String> clearNames = new HashSet<>();
        a.query(tokens.get("EDU"), "SELECT holder_id_number, holder_name FROM edu.teacher_certificate", List.of())
                .body().get("rows").forEach(r -> {
                    clearIds.add(r.get(0).asString());
                    clearNames.add(r.get(1).asString());
                });
        String someId = clearIds.iterator().next();
        for (String sql : List.of(
                "SELECT holder_id_number, holder_name FROM edu.teacher_certificate",
                "SELECT * FROM edu.teacher_certificate",
                "SELECT SUBSTRING(holder_id_number FROM 7 FOR 8), SUBSTRING(holder_name FROM 2) FROM edu.teacher_certificate",
                "SELECT holder_id_number || '', LOWER(holder_id_number), CAST(holder_id_number AS CHAR(18)) FROM edu.teacher_certificate",
                "SELECT MAX(holder_id_number), MIN(holder_id_number), MAX(holder_name) FROM edu.teacher_certificate",
                "SELECT holder_id_number, COUNT(*) FROM edu.teacher_certificate GROUP BY holder_id_number",
                "SELECT holder_id_number FROM edu.teacher_certificate UNION SELECT holder_name FROM edu.teacher_certificate",
                "SELECT x FROM (SELECT holder_id_number AS x FROM edu.teacher_certificate) s",
                "WITH t AS (SELECT * FROM edu.teacher_certificate) SELECT holder_id_number, holder_name FROM t",
                "SELECT (SELECT MAX(holder_id_number) FROM edu.teacher_certificate)",
                "SELECT t1.holder_id_number, t2.holder_name FROM edu.teacher_certificate t1 JOIN edu.teacher_certificate t2 "
                        + "ON t1.holder_id_number = t2.holder_id_number",
                "SELECT holder_id_number FROM edu.teacher_certificate ORDER BY holder_id_number DESC",
                "SELECT CASE WHEN holder_id_number > '' THEN holder_id_number END FROM edu.teacher_certificate",
                "SELECT holder_id_number FROM edu.teacher_certificate WHERE certificate_no IN "
                        + "(SELECT certificate_no FROM edu.teacher_certificate WHERE holder_id_number IS NOT NULL)")) {
            ApiClient.Answer r = a.query(healthToken, "escape attempt", sql, List.of());
            assertThat(r.status()).as(sql + " " + r.body()).isEqualTo(200);
            assertThat(r.body().get("rows").size()).as(sql).isPositive();
            String values = r.body().get("rows").toString();
            Matcher m = Pattern.compile("\\d{17}[\\dX]").matcher(values);
            while (m.find()) {
                assertThat(clearIds).as(sql).doesNotContain(m.group());
            }
            for (JsonNode row : r.body().get("rows")) {
                for (JsonNode v : row) {
                    assertThat(clearIds).as(sql).doesNotContain(v.asString(""));
                    assertThat(clearNames).as(sql).doesNotContain(v.asString(""));
                }
            }
        }
        // No oracle either: a filter compares the masked value, so a guess in clear finds nothing.
        for (String sql : List.of("SELECT COUNT(*) FROM edu.teacher_certificate WHERE holder_id_number = ?",
                "SELECT COUNT(*) FROM edu.teacher_certificate WHERE holder_id_number LIKE ?",
                "SELECT COUNT(*) FROM edu.teacher_certificate WHERE SUBSTRING(holder_id_number FROM 7 FOR 4) = ?")) {
            Object param = sql.contains("LIKE") ? someId.substring(0, 10) + "%" : sql.contains("SUBSTRING")
                    ? someId.substring(6, 10) : someId;
            ApiClient.Answer r = a.query(healthToken, "oracle attempt", sql, List.of(param));
            assertThat(r.body().get("rows").get(0).get(0).asLong()).as(sql).isZero();
        }
        // The sources behind the guards cannot be named.
        for (String sql : List.of("SELECT * FROM \"$guard\".\"g1\".\"teacher_certificate\"",
                "SELECT * FROM govbus.record_current", "SELECT * FROM information_schema.users")) {
            assertThat(a.query(healthToken, sql, List.of()).status()).as(sql).isEqualTo(400);
        }
        ApiClient.Answer tables = a.query(healthToken, "SELECT \"tableSchem\", \"tableName\" FROM \"metadata\".TABLES", List.of());
        assertThat(tables.body().toString()).doesNotContain("$guard").doesNotContain("record_current");
    }

    @Test
    void aGrantOpensAConditionalDatasetNarrowedToItsRowsAndColumnsUntilItIsRevoked() throws Exception {
        ApiClient a = api();
        ApiClient.Answer refused = a.query(healthToken, "SELECT COUNT(*) FROM civil.marriage_registration", List.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("message").asString()).contains("request access to civil.marriage_registration");

        JsonNode office = a.query(tokens.get("CIVIL"), "SELECT registry_office_code, COUNT(*) FROM civil.marriage_registration "
                + "GROUP BY registry_office_code ORDER BY 2 DESC", List.of()).body().get("rows").get(0);
        String code = office.get(0).asString();
        grants.add(new Grant("health-1", "civil.marriage_registration", "HEALTH", Set.of("wife_id_number"),
                Map.of("registry_office_code", Set.of(code)), false, Instant.now().minusSeconds(1), null, null), "test");
        try (Connection conn = jdbc(healthToken, "maternity benefit"); Statement s = conn.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT registry_office_code, husband_id_number, wife_id_number, husband_name "
                    + "FROM civil.marriage_registration")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    assertThat(rs.getString(1)).isEqualTo(code);
                    assertThat(rs.getString(2)).matches("\\d{6}\\*{8}[\\dX*]{4}");
                    assertThat(CitizenIdNumber.isValid(rs.getString(3))).isTrue();
                    assertThat(rs.getString(4)).matches(".\\*+");
                }
                assertThat(rows).isEqualTo(office.get(1).asInt());
            }
            PreparedStatement prepared = conn.prepareStatement("SELECT COUNT(*) FROM civil.marriage_registration");
            assertThat(grants.revoke("health-1", "test")).isTrue();
            assertThatThrownBy(prepared::executeQuery).hasMessageContaining("prepare it again");
            assertThatThrownBy(() -> s.executeQuery("SELECT COUNT(*) FROM civil.marriage_registration"))
                    .hasMessageContaining("request access to civil.marriage_registration");
        }
        ApiClient.Answer after = a.query(healthToken, "SELECT COUNT(*) FROM civil.marriage_registration", List.of());
        assertThat(after.status()).isEqualTo(400);
    }

    @Test
    void theJdbcEndpointIsReadOnlyAndAuthenticated() throws Exception {
        api();
        assertThatThrownBy(() -> jdbc("not-a-token", null)).hasMessageContaining("token");
        try (Connection conn = jdbc(tokens.get("CIVIL"), null); Statement s = conn.createStatement()) {
            for (String sql : List.of("DELETE FROM civil.marriage_registration", "DROP TABLE civil.marriage_registration",
                    "UPDATE civil.marriage_registration SET status = 'REVOKED'", "CREATE TABLE civil.x (a INT)")) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> s.executeUpdate(sql)).as(sql).isInstanceOf(SQLException.class);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM civil.marriage_registration WHERE status = 'REVOKED'")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    @Test
    void largeAnswersStreamAsNdjsonAndRefusalsComeBeforeAnyRow() throws Exception {
        api();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.BiFunction<String, String, java.net.http.HttpRequest> request = (token, sql) ->
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/query"))
                        .header("Authorization", "Bearer " + token).header("Accept", "application/x-ndjson")
                        .header("Content-Type", "application/json").header("X-Purpose", "export")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(
                                Map.of("sql", sql, "params", List.of())))).build();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> r = http.send(request.apply(tokens.get("EDU"),
                "SELECT certificate_no, holder_id_number, certified_on FROM edu.teacher_certificate ORDER BY certificate_no"),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        List<String> lines = r.body().toList();
        assertThat(lines.get(0)).contains("\"columns\"", "certificate_no");
        assertThat(lines).hasSize(1001);
        assertThat(ApiClient.JSON.readTree(lines.get(1)).get(2).asString()).matches("\\d{4}-\\d{2}-\\d{2}");
        java.net.http.HttpResponse<String> refused = http.send(request.apply(healthToken,
                "SELECT * FROM civil.marriage_registration"), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("request access to civil.marriage_registration");
    }

    @Test
    void aQueryRunningPastTheTimeoutIsStopped() throws Exception {
        ApiClient a = api();
        ApiClient.Answer r = a.query(tokens.get("EDU"), "SELECT COUNT(*) FROM edu.teacher_certificate a, "
                + "edu.teacher_certificate b, edu.teacher_certificate c, edu.teacher_certificate d", List.of());
        assertThat(r.status()).isEqualTo(400);
        // 10^12 rows to count: only the timeout (3 s here) ends it, and the answer says so.
        assertThat(r.body().get("message").asString()).containsIgnoringCase("cancel");
    }

    @Test
    void eachSourceReceivesThePointLookupNotTheTable() throws Exception {
        ApiClient a = api();
        Couple c = couple(a);
        try (Connection conn = platform.getConnection(); Statement s = conn.createStatement()) {
            s.execute("SET QUERY_STATISTICS TRUE");
            s.execute("SET QUERY_STATISTICS FALSE");
            s.execute("SET QUERY_STATISTICS TRUE");
        }
        ApiClient.Answer r = a.query(tokens.get("APPROVAL"), "pushdown", SPOUSE_SETTLEMENT, List.of(c.teacherId()));
        assertThat(r.status()).isEqualTo(200);
        List<String> received = new ArrayList<>();
        try (Connection conn = platform.getConnection(); Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT SQL_STATEMENT, CUMULATIVE_ROW_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS "
                        + "WHERE SQL_STATEMENT LIKE '%\"teacher_certificate\"%' OR SQL_STATEMENT LIKE '%\"marriage_registration\"%'")) {
            while (rs.next()) {
                received.add(rs.getLong(2) + " rows <- " + rs.getString(1));
            }
        }
        assertThat(received).as(received.toString()).hasSize(1);
        String sql = received.get(0);
        assertThat(sql).contains("\"teacher_certificate\"", "\"marriage_registration\"", "JOIN")
                .containsPattern("\"holder_id_number\" = \\?").containsPattern("\"husband_id_number\" = \\?");
        assertThat(sql).startsWith("1 rows");
    }
}
