package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.govbus.app.query.QueryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * The demo with CIVIL's marriage registrations served live from its MariaDB (through the civil plugin's mapping)
 * and EDU's certificates from the store: the spouse-settlement question federated across two engines, the
 * marriage side looked up at the source by the ID number carried across the join.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"govbus.demo=true", "govbus.poll-interval=300ms",
                "govbus.catalog.civil.marriage_registration.served-from=live"})
class LiveDemoIT extends RunningGovBus {

    @Autowired
    QueryService queries;

    @Test
    void theSpouseSettlementQuestionJoinsTheStoreAndCivilsOwnDatabase() throws Exception {
        Map<String, String> tokens = ApiClient.credentials(dataDir.resolve("demo-credentials.json"));
        ApiClient a = new ApiClient(port);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            ApiClient.Answer n = a.query(tokens.get("EDU"), "SELECT COUNT(*) FROM edu.teacher_certificate", List.of());
            assertThat(n.status()).isEqualTo(200);
            assertThat(n.body().get("rows").get(0).get(0).asLong()).isEqualTo(1000);
        });
        // Live: CIVIL's whole table at once, nothing waited for.
        ApiClient.Answer count = a.query(tokens.get("CIVIL"), "SELECT COUNT(*) FROM civil.marriage_registration", List.of());
        assertThat(count.status()).as(count.raw()).isEqualTo(200);
        assertThat(count.body().get("rows").get(0).get(0).asLong()).isGreaterThanOrEqualTo(1000);

        Map<String, String> certificates = new HashMap<>();
        a.query(tokens.get("EDU"), "SELECT holder_id_number, certificate_no FROM edu.teacher_certificate", List.of())
                .body().get("rows").forEach(r -> certificates.put(r.get(0).asString(), r.get(1).asString()));
        String teacher = null;
        String wife = null;
        for (JsonNode r : a.query(tokens.get("CIVIL"), "SELECT husband_id_number, wife_id_number FROM civil.marriage_registration "
                + "WHERE status = 'VALID' ORDER BY registration_no", List.of()).body().get("rows")) {
            if (certificates.containsKey(r.get(0).asString())) {
                teacher = r.get(0).asString();
                wife = r.get(1).asString();
                break;
            }
        }
        assertThat(teacher).isNotNull();
        ApiClient.Answer answer = a.query(tokens.get("APPROVAL"), "spouse settlement", FederatedQueryIT.SPOUSE_SETTLEMENT,
                List.of(teacher));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(answer.body().get("rows").size()).isEqualTo(1);
        assertThat(answer.body().get("rows").get(0).get(0).asString()).isEqualTo(certificates.get(teacher));
        assertThat(answer.body().get("rows").get(0).get(6).asString()).isEqualTo(wife);
        assertThat(queries.liveStatements("civil.marriage_registration")).last().asString()
                .isEqualTo("SELECT * FROM HYDJ_DJXX WHERE NAN_SFZH = ?");
        ApiClient.Answer bulk = a.query(tokens.get("APPROVAL"), "bulk", "SELECT * FROM civil.marriage_registration", List.of());
        assertThat(bulk.status()).isEqualTo(400);
        assertThat(bulk.body().get("message").asString()).contains("bound to a purpose");
    }
}
