package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * The federated query layer on the demo departments, as the approval system (APPROVAL) and others ask it: the
 * rules of the catalog and the grants, enforced in the plan.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govbus.demo=true", "govbus.poll-interval=300ms", "govbus.jdbc-port=0"})
class FederatedQueryIT extends RunningGovBus {

    static Map<String, String> tokens;
    static ApiClient api;

    @BeforeAll
    static void waitForTheDemoData() {
    }

    ApiClient api() throws Exception {
        if (tokens == null) {
            tokens = ApiClient.credentials(dataDir.resolve("demo-credentials.json"));
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

    @Test
    void smoke() throws Exception {
        ApiClient a = api();
        ApiClient.Answer r = a.query(tokens.get("PLATFORM"), "SELECT holder_id_number, holder_name FROM edu.teacher_certificate", List.of());
        System.out.println(r.body().toString().substring(0, 400));
        ApiClient.Answer couple = a.query(tokens.get("CIVIL"), "SELECT husband_id_number, wife_id_number FROM civil.marriage_registration m "
                + "WHERE status = 'VALID' ORDER BY registration_no", List.of());
        ApiClient.Answer teachers = a.query(tokens.get("EDU"), "SELECT holder_id_number FROM edu.teacher_certificate", List.of());
        java.util.Set<String> t = new java.util.HashSet<>();
        teachers.body().get("rows").forEach(row -> t.add(row.get(0).asString()));
        String teacher = null, spouse = null;
        for (JsonNode row : couple.body().get("rows")) {
            if (t.contains(row.get(0).asString())) { teacher = row.get(0).asString(); spouse = row.get(1).asString(); break; }
        }
        String sql = "SELECT t.certificate_no, t.holder_name, m.registration_no, m.wife_name FROM edu.teacher_certificate t "
                + "JOIN civil.marriage_registration m ON m.husband_id_number = t.holder_id_number WHERE t.holder_id_number = ?";
        ApiClient.Answer q = a.query(tokens.get("APPROVAL"), "spouse settlement", sql, List.of(teacher));
        System.out.println(q.status() + " " + q.body());
        ApiClient.Answer bulk = a.query(tokens.get("APPROVAL"), "spouse settlement", "SELECT * FROM civil.marriage_registration", List.of());
        System.out.println(bulk.status() + " " + bulk.body());
    }
}
