package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.govbus.app.access.SharingService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * The conditional-sharing flow through the API, as CIVIL (provider), EDU (a consumer without a grant) and APPROVAL:
 * the catalog, a request, its answer, the grant enforced by the query layer until it is revoked, and every
 * forbidden transition refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govbus.demo=true", "govbus.poll-interval=300ms"})
class SharingWorkflowIT extends RunningGovBus {

    static Map<String, String> tokens;

    @Autowired
    SharingService sharing;
    @Autowired
    DataSource platform;

    ApiClient api() throws Exception {
        if (tokens == null) {
            tokens = ApiClient.credentials(dataDir.resolve("demo-credentials.json"));
        }
        ApiClient a = new ApiClient(port);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            ApiClient.Answer n = a.query(tokens.get("CIVIL"), "SELECT COUNT(*) FROM civil.marriage_registration", List.of());
            assertThat(n.status()).isEqualTo(200);
            assertThat(n.body().get("rows").get(0).get(0).asLong()).isGreaterThanOrEqualTo(1000);
        });
        return a;
    }

    static Map<String, Object> request(String dataset, List<String> columns, Instant until) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("columns", columns);
        m.put("purpose", "housing allowance for married teachers");
        m.put("legalBasis", "Teachers Law art. 28 and the municipal housing allowance rules");
        if (until != null) {
            m.put("until", until.toString());
        }
        return m;
    }

    @Test
    void theCatalogDescribesEachDatasetWithItsShareTypeAndItems() throws Exception {
        ApiClient a = api();
        ApiClient.Answer all = a.json("GET", "/api/v1/catalog", null, tokens.get("EDU"));
        assertThat(all.status()).isEqualTo(200);
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        all.body().forEach(e -> byId.put(e.get("id").asString(), e));
        assertThat(byId).containsKeys("civil.marriage_registration", "edu.teacher_certificate", "civil.adoption_registration");
        assertThat(byId.get("civil.marriage_registration").get("shareType").asString()).isEqualTo("CONDITIONAL");
        assertThat(byId.get("edu.teacher_certificate").get("shareType").asString()).isEqualTo("UNCONDITIONAL");
        JsonNode secret = byId.get("civil.adoption_registration");
        assertThat(secret.get("shareType").asString()).isEqualTo("NOT_SHARED");
        assertThat(secret.get("legalBasis").asString()).contains("Civil Code art. 1110");
        JsonNode marriage = a.json("GET", "/api/v1/catalog/civil.marriage_registration", null, tokens.get("EDU")).body();
        assertThat(marriage.get("provider").asString()).isEqualTo("CIVIL");
        assertThat(marriage.get("schemaSubject").asString()).isEqualTo("civil.marriage_registration-value");
        assertThat(marriage.get("dataItems").toString()).contains("husband_id_number", "id_number", "registered_on");
        ApiClient.Answer found = a.json("GET", "/api/v1/catalog?q=teacher%20certificate", null, tokens.get("EDU"));
        assertThat(found.body().size()).isEqualTo(1);
        assertThat(found.body().get(0).get("id").asString()).isEqualTo("edu.teacher_certificate");
        assertThat(a.json("GET", "/api/v1/catalog/civil.nothing", null, tokens.get("EDU")).status()).isEqualTo(404);
    }

    @Test
    void aConditionalRequestIsAnsweredByItsProviderAndTheGrantHoldsUntilRevoked() throws Exception {
        ApiClient a = api();
        String edu = tokens.get("EDU");
        String civil = tokens.get("CIVIL");
        String countSql = "SELECT COUNT(*) FROM civil.marriage_registration";
        ApiClient.Answer before = a.query(edu, countSql, List.of());
        assertThat(before.body().get("message").asString()).contains("request access to civil.marriage_registration");

        ApiClient.Answer created = a.json("POST", "/api/v1/sharing-requests", request("civil.marriage_registration",
                List.of("husband_id_number", "wife_id_number", "wife_name"), Instant.now().plus(Duration.ofDays(365))), edu);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.body().get("request").get("id").asString();
        assertThat(created.body().get("request").get("status").asString()).isEqualTo("PENDING");
        assertThat(created.body().get("request").get("provider").asString()).isEqualTo("CIVIL");
        assertThat(created.body().get("overdue").asBoolean()).isFalse();

        // CIVIL sees it to answer; APPROVAL, not part of it, does not see it at all.
        assertThat(a.json("GET", "/api/v1/sharing-requests", null, civil).body().toString()).contains(id);
        assertThat(a.json("GET", "/api/v1/sharing-requests/" + id, null, tokens.get("APPROVAL")).status()).isEqualTo(404);
        // Nobody but the provider answers; the requester least of all.
        assertThat(a.json("POST", "/api/v1/sharing-requests/" + id + "/approve", Map.of(), edu).status()).isEqualTo(403);
        assertThat(a.json("POST", "/api/v1/sharing-requests/" + id + "/approve", Map.of(), tokens.get("APPROVAL")).status())
                .isEqualTo(403);
        // An approval narrows, never widens.
        ApiClient.Answer widen = a.json("POST", "/api/v1/sharing-requests/" + id + "/approve",
                Map.of("columns", List.of("husband_id_number", "husband_name")), civil);
        assertThat(widen.status()).isEqualTo(422);
        assertThat(widen.body().get("message").asString()).contains("husband_name");

        JsonNode office = a.query(civil, "SELECT registry_office_code, COUNT(*) FROM civil.marriage_registration "
                + "GROUP BY registry_office_code ORDER BY 2 DESC", List.of()).body().get("rows").get(0);
        ApiClient.Answer approved = a.json("POST", "/api/v1/sharing-requests/" + id + "/approve", Map.of(
                "columns", List.of("husband_id_number", "wife_id_number"),
                "rowFilter", Map.of("registry_office_code", List.of(office.get(0).asString())),
                "note", "names stay masked: the allowance needs the ID numbers only"), civil);
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        assertThat(approved.body().get("request").get("status").asString()).isEqualTo("APPROVED");
        String grantId = approved.body().get("request").get("grantId").asString();
        // Answering twice is refused.
        ApiClient.Answer again = a.json("POST", "/api/v1/sharing-requests/" + id + "/refuse", Map.of("reason", "changed my mind"), civil);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("message").asString()).contains("APPROVED");

        ApiClient.Answer grants = a.json("GET", "/api/v1/grants", null, edu);
        assertThat(grants.body().toString()).contains(grantId);
        assertThat(a.json("GET", "/api/v1/grants/" + grantId, null, tokens.get("APPROVAL")).status()).isEqualTo(404);

        // The grant in the query layer: only that office's rows, names masked, the ID numbers in clear.
        ApiClient.Answer rows = a.query(edu, "SELECT registry_office_code, wife_name, wife_id_number FROM civil.marriage_registration",
                List.of());
        assertThat(rows.status()).as(rows.body().toString()).isEqualTo(200);
        assertThat(rows.body().get("rows").size()).isEqualTo(office.get(1).asInt());
        for (JsonNode r : rows.body().get("rows")) {
            assertThat(r.get(0).asString()).isEqualTo(office.get(0).asString());
            assertThat(r.get(1).asString()).matches(".\\*+");
            assertThat(org.govbus.core.id.CitizenIdNumber.isValid(r.get(2).asString())).isTrue();
        }

        // Revocation: only the provider (or the platform); effective on the next query.
        assertThat(a.json("DELETE", "/api/v1/grants/" + grantId, null, edu).status()).isEqualTo(403);
        ApiClient.Answer revoked = a.json("DELETE", "/api/v1/grants/" + grantId, null, civil);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().get("active").asBoolean()).isFalse();
        assertThat(a.json("DELETE", "/api/v1/grants/" + grantId, null, civil).status()).isEqualTo(409);
        assertThat(a.query(edu, countSql, List.of()).body().get("message").asString())
                .contains("request access to civil.marriage_registration");

        // Every act is in the tamper-evident audit log.
        List<String> acts = new ArrayList<>();
        try (Connection c = platform.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT action FROM govbus.audit_log WHERE target IN (?, ?) ORDER BY seq")) {
            ps.setString(1, id);
            ps.setString(2, grantId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    acts.add(rs.getString(1));
                }
            }
        }
        assertThat(acts).containsExactly("sharing-request.create", "grant.add", "sharing-request.approve", "grant.revoke");
    }

    @Test
    void forbiddenRequestsAndTransitionsAreRefusedWithTheirReason() throws Exception {
        ApiClient a = api();
        String edu = tokens.get("EDU");
        String civil = tokens.get("CIVIL");
        ApiClient.Answer secret = a.json("POST", "/api/v1/sharing-requests",
                request("civil.adoption_registration", List.of("child_id_number"), null), tokens.get("APPROVAL"));
        assertThat(secret.status()).isEqualTo(422);
        assertThat(secret.body().get("message").asString()).contains("NOT_SHARED", "Civil Code art. 1110");
        ApiClient.Answer free = a.json("POST", "/api/v1/sharing-requests", request("edu.teacher_certificate", List.of(), null),
                tokens.get("APPROVAL"));
        assertThat(free.status()).isEqualTo(422);
        assertThat(free.body().get("message").asString()).contains("needs no request");
        ApiClient.Answer own = a.json("POST", "/api/v1/sharing-requests", request("civil.marriage_registration",
                List.of("wife_name"), null), civil);
        assertThat(own.status()).isEqualTo(422);
        Map<String, Object> noPurpose = request("civil.marriage_registration", List.of(), null);
        noPurpose.remove("purpose");
        assertThat(a.json("POST", "/api/v1/sharing-requests", noPurpose, edu).status()).isEqualTo(422);
        assertThat(a.json("POST", "/api/v1/sharing-requests", request("civil.marriage_registration", List.of("no_such"), null),
                edu).status()).isEqualTo(422);

        // A refusal must say why.
        String r1 = a.json("POST", "/api/v1/sharing-requests", request("civil.marriage_registration", List.of(), null), edu)
                .body().get("request").get("id").asString();
        assertThat(a.json("POST", "/api/v1/sharing-requests/" + r1 + "/refuse", Map.of(), civil).status()).isEqualTo(422);
        ApiClient.Answer refused = a.json("POST", "/api/v1/sharing-requests/" + r1 + "/refuse",
                Map.of("reason", "the housing allowance is decided by the housing bureau, not by EDU"), civil);
        assertThat(refused.body().get("request").get("status").asString()).isEqualTo("REFUSED");
        assertThat(refused.body().get("request").get("answer").asString()).contains("housing bureau");
        assertThat(a.json("POST", "/api/v1/sharing-requests/" + r1 + "/approve", Map.of(), civil).status()).isEqualTo(409);

        // A withdrawn request cannot be approved.
        String r2 = a.json("POST", "/api/v1/sharing-requests", request("civil.marriage_registration", List.of(), null), edu)
                .body().get("request").get("id").asString();
        assertThat(a.json("POST", "/api/v1/sharing-requests/" + r2 + "/withdraw", null, civil).status()).isEqualTo(403);
        assertThat(a.json("POST", "/api/v1/sharing-requests/" + r2 + "/withdraw", null, edu).status()).isEqualTo(200);
        assertThat(a.json("POST", "/api/v1/sharing-requests/" + r2 + "/approve", Map.of(), civil).status()).isEqualTo(409);

        // An expired request cannot be approved.
        String r3 = a.json("POST", "/api/v1/sharing-requests", request("civil.marriage_registration", List.of(),
                Instant.now().plusSeconds(2)), edu).body().get("request").get("id").asString();
        Thread.sleep(2500);
        ApiClient.Answer late = a.json("POST", "/api/v1/sharing-requests/" + r3 + "/approve", Map.of(), civil);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body().get("message").asString()).contains("expired");
        assertThat(a.json("GET", "/api/v1/sharing-requests/" + r3, null, edu).body().get("request").get("status").asString())
                .isEqualTo("EXPIRED");
    }

    @Test
    void concurrentAnswersLeaveExactlyOneAnswer() throws Exception {
        ApiClient a = api();
        String civil = tokens.get("CIVIL");
        String id = a.json("POST", "/api/v1/sharing-requests", request("civil.marriage_registration", List.of("wife_id_number"),
                null), tokens.get("EDU")).body().get("request").get("id").asString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                boolean approve = i % 2 == 0;
                calls.add(() -> a.json("POST", "/api/v1/sharing-requests/" + id + (approve ? "/approve" : "/refuse"),
                        approve ? Map.of() : Map.of("reason", "no"), civil).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertThat(Collections.frequency(statuses, 200)).as(statuses.toString()).isEqualTo(1);
            assertThat(Collections.frequency(statuses, 409)).as(statuses.toString()).isEqualTo(7);
        } finally {
            pool.shutdownNow();
        }
        JsonNode r = a.json("GET", "/api/v1/sharing-requests/" + id, null, civil).body().get("request");
        long grants = a.json("GET", "/api/v1/grants", null, civil).body().findValuesAsString("id").stream()
                .filter(g -> g.equals("grant-" + id.substring(3))).count();
        assertThat(grants).isEqualTo(r.get("status").asString().equals("APPROVED") ? 1 : 0);
    }

    @Test
    void anOverdueRequestIsFlaggedAndEscalatedToThePlatformOnce() throws Exception {
        ApiClient a = api();
        String id = a.json("POST", "/api/v1/sharing-requests", request("civil.marriage_registration", List.of(), null),
                tokens.get("EDU")).body().get("request").get("id").asString();
        assertThat(a.json("GET", "/api/v1/sharing-requests?overdue=true", null, tokens.get("PLATFORM")).body().toString())
                .doesNotContain(id);
        try (Connection c = platform.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE govbus.sharing_request SET due_at = ? WHERE id = ?")) {
            ps.setObject(1, Instant.now().minusSeconds(60).atOffset(java.time.ZoneOffset.UTC));
            ps.setString(2, id);
            ps.executeUpdate();
        }
        assertThat(a.json("GET", "/api/v1/sharing-requests?overdue=true", null, tokens.get("PLATFORM")).body().toString())
                .contains(id);
        assertThat(sharing.escalateOverdue()).isGreaterThanOrEqualTo(1);
        assertThat(sharing.escalatedAt(id)).isNotNull();
        assertThat(sharing.escalateOverdue()).isZero();
    }

    @Autowired
    org.govbus.routes.bus.EmbeddedBroker broker;
    @Autowired
    org.govbus.app.access.UsageLog usage;

    @Test
    void aGrantedAgencyReceivesEachChangeMaskedAndFilteredByQueueAndSignedWebhookUntilRevoked() throws Exception {
        ApiClient a = api();
        String edu = tokens.get("EDU");
        String civil = tokens.get("CIVIL");
        ApiClient.Answer bound = a.json("POST", "/api/v1/subscriptions", Map.of("dataset", "civil.marriage_registration",
                "channel", "queue"), tokens.get("APPROVAL"));
        assertThat(bound.status()).isEqualTo(422);
        assertThat(bound.body().get("message").asString()).contains("bound to a purpose");
        assertThat(a.json("POST", "/api/v1/subscriptions", Map.of("dataset", "civil.marriage_registration", "channel", "queue"),
                edu).status()).isEqualTo(403);

        String id = a.json("POST", "/api/v1/sharing-requests", request("civil.marriage_registration",
                List.of("husband_id_number", "wife_id_number"), null), edu).body().get("request").get("id").asString();
        String grantId = a.json("POST", "/api/v1/sharing-requests/" + id + "/approve",
                Map.of("rowFilter", Map.of("registry_office_code", List.of("OFFICE7"))), civil)
                .body().get("request").get("grantId").asString();

        // EDU's system: a webhook that fails once, then takes the deliveries.
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        List<String> signatures = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/changes", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int status = calls.incrementAndGet() == 1 ? 500 : 200;
            if (status == 200) {
                bodies.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                signatures.add(ex.getRequestHeaders().getFirst("X-GovBus-Signature"));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        hook.start();
        try {
            ApiClient.Answer web = a.json("POST", "/api/v1/subscriptions", Map.of("dataset", "civil.marriage_registration",
                    "channel", "webhook", "url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/changes",
                    "purpose", "housing allowance"), edu);
            assertThat(web.status()).as(web.body().toString()).isEqualTo(201);
            String secret = web.body().get("webhookSecret").asString();
            String webId = web.body().get("subscription").get("id").asString();
            ApiClient.Answer queued = a.json("POST", "/api/v1/subscriptions", Map.of("dataset", "civil.marriage_registration",
                    "channel", "queue", "purpose", "housing allowance"), edu);
            String queue = queued.body().get("subscription").get("target").asString();
            assertThat(queue).startsWith("govbus.subscription.");
            assertThat(queued.body().get("webhookSecret").isNull()).isTrue();

            // CIVIL's clerk registers two marriages, one at the granted office, one elsewhere.
            String husband = org.govbus.core.id.CitizenIdNumber.of("110105", java.time.LocalDate.of(1988, 3, 3), 41);
            String other = org.govbus.core.id.CitizenIdNumber.of("110108", java.time.LocalDate.of(1987, 4, 4), 43);
            ApiClient.Answer pushed = a.post("/api/v1/ingest/civil.hydj", "application/x-ndjson", String.join("\n",
                    GovBusDemoIT.hydj("DJ95000001", husband, "01", "20250101", "OFFICE7", "王伟"),
                    GovBusDemoIT.hydj("DJ95000002", other, "01", "20250101", "OFFICE8", "张强")), civil);
            assertThat(pushed.body().get("accepted").asInt()).as(pushed.body().toString()).isEqualTo(2);

            await().atMost(Duration.ofSeconds(30)).until(() -> !bodies.isEmpty());
            String body = bodies.get(0);
            assertThat(calls.get()).as("the failed first delivery was tried again").isGreaterThanOrEqualTo(2);
            assertThat(signatures.get(0)).isEqualTo("hmac-sm3=" + org.govbus.core.crypto.Sm3.hmacHex(
                    secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            JsonNode events = ApiClient.JSON.readTree(body).get("events");
            assertThat(events.size()).isEqualTo(1);
            JsonNode values = events.get(0).get("values");
            assertThat(events.get(0).get("key").asString()).isEqualTo("DJ95000001");
            assertThat(values.get("husband_id_number").asString()).isEqualTo(husband);
            assertThat(values.get("husband_name").asString()).isEqualTo("王*");
            assertThat(values.get("wife_name").asString()).isEqualTo("李*");
            assertThat(body).doesNotContain("DJ95000002").doesNotContain(other);
            JsonNode after = a.json("GET", "/api/v1/subscriptions/" + webId, null, edu).body();
            assertThat(after.get("subscription").get("delivered").asLong()).isEqualTo(1);
            assertThat(after.get("subscription").get("lastError").isNull()).isTrue();

            try (jakarta.jms.Connection c = broker.connectionFactory().createConnection()) {
                c.start();
                jakarta.jms.Session session = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
                jakarta.jms.TextMessage m = (jakarta.jms.TextMessage) consumer.receive(20_000);
                assertThat(m).isNotNull();
                assertThat(m.getText()).contains("DJ95000001", husband, "王*").doesNotContain("DJ95000002");
                assertThat(consumer.receive(500)).isNull();
            }

            // Revoked: the next change is not delivered; it waits, and the subscription says why.
            assertThat(a.json("DELETE", "/api/v1/grants/" + grantId, null, civil).status()).isEqualTo(200);
            a.post("/api/v1/ingest/civil.hydj", "application/x-ndjson",
                    GovBusDemoIT.hydj("DJ95000003", husband, "03", "20250102", "OFFICE7", "王伟"), civil);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode s = a.json("GET", "/api/v1/subscriptions/" + webId, null, edu).body();
                assertThat(s.get("subscription").get("lastError").asString("")).contains("nothing is delivered");
                assertThat(s.get("pending").asLong()).isPositive();
            });
            assertThat(bodies).hasSize(1);
            assertThat(a.json("GET", "/api/v1/subscriptions/" + webId, null, tokens.get("APPROVAL")).status()).isEqualTo(404);
            assertThat(a.json("DELETE", "/api/v1/subscriptions/" + webId, null, edu).body().get("subscription").get("state")
                    .asString()).isEqualTo("CANCELLED");
        } finally {
            hook.stop(0);
        }
        usage.flush();
        try (Connection c = usage.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT channel, rows_returned FROM govbus.usage_log WHERE agency = 'EDU' AND outcome = 'delivered' ORDER BY id")) {
            List<String> deliveries = new ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    deliveries.add(rs.getString(1) + ":" + rs.getLong(2));
                }
            }
            assertThat(deliveries).contains("webhook:1", "queue:1");
        }
    }

    @Test
    void theProvidersAgencyAdminChangesItsEntryAndTheRulesFollowAtOnce() throws Exception {
        ApiClient a = api();
        Map<String, String> passwords = ApiClient.credentials(dataDir.resolve("first-passwords.json"));
        String civilAdmin = a.json("POST", "/api/v1/sessions", Map.of("username", "civil-admin", "password",
                passwords.get("civil-admin")), null).body().get("token").asString();
        String eduAdmin = a.json("POST", "/api/v1/sessions", Map.of("username", "edu-admin", "password",
                passwords.get("edu-admin")), null).body().get("token").asString();
        Map<String, Object> sealed = Map.of("shareType", "NOT_SHARED", "legalBasis", "Court order 2026-17: sealed pending appeal");
        assertThat(a.json("PUT", "/api/v1/catalog/civil.marriage_registration", sealed, eduAdmin).status()).isEqualTo(403);
        assertThat(a.json("PUT", "/api/v1/catalog/civil.marriage_registration", sealed, tokens.get("CIVIL")).status())
                .isEqualTo(403);
        assertThat(a.json("PUT", "/api/v1/catalog/civil.marriage_registration", Map.of("shareType", "NOT_SHARED",
                "legalBasis", ""), civilAdmin).status()).isEqualTo(422);
        try {
            ApiClient.Answer changed = a.json("PUT", "/api/v1/catalog/civil.marriage_registration", sealed, civilAdmin);
            assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
            assertThat(changed.body().get("shareType").asString()).isEqualTo("NOT_SHARED");
            assertThat(changed.body().get("name").asString()).contains("婚姻登记");
            ApiClient.Answer asked = a.json("POST", "/api/v1/sharing-requests", request("civil.marriage_registration",
                    List.of(), null), tokens.get("EDU"));
            assertThat(asked.status()).isEqualTo(422);
            assertThat(asked.body().get("message").asString()).contains("Court order 2026-17");
            // The approval system's grant no longer opens it: the dataset does not exist for others.
            ApiClient.Answer q = a.query(tokens.get("APPROVAL"), "x", "SELECT registration_no FROM civil.marriage_registration "
                    + "WHERE husband_id_number = ?", List.of("11010519491231002X"));
            assertThat(q.status()).isEqualTo(400);
            assertThat(q.body().get("message").asString()).contains("not found").doesNotContain("request access");
        } finally {
            a.json("PUT", "/api/v1/catalog/civil.marriage_registration", Map.of("shareType", "CONDITIONAL"), civilAdmin);
        }
        ApiClient.Answer back = a.query(tokens.get("APPROVAL"), "x", "SELECT registration_no FROM civil.marriage_registration "
                + "WHERE husband_id_number = ?", List.of("11010519491231002X"));
        assertThat(back.status()).as(back.raw()).isEqualTo(200);
    }

    @Test
    void openApiDescribesTheWorkflow() throws Exception {
        ApiClient.Answer docs = new ApiClient(port).get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().get("paths").propertyNames()).contains("/api/v1/catalog", "/api/v1/catalog/{id}",
                "/api/v1/sharing-requests", "/api/v1/sharing-requests/{id}/approve", "/api/v1/sharing-requests/{id}/refuse",
                "/api/v1/sharing-requests/{id}/withdraw", "/api/v1/grants", "/api/v1/grants/{id}", "/api/v1/query",
                "/api/v1/subscriptions", "/api/v1/subscriptions/{id}");
    }
}
