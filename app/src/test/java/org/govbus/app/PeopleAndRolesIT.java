package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.govbus.app.access.UsageLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * People, roles and onboarding, without the demo: the three officers created at first start, separation of duties,
 * an agency onboarded as a tenant and managing its own systems, and the usage log exported and purged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PeopleAndRolesIT extends RunningGovBus {

    @Autowired
    UsageLog usage;

    Map<String, String> passwords() throws Exception {
        return ApiClient.credentials(dataDir.resolve("first-passwords.json"));
    }

    String login(ApiClient a, String user, String password) throws Exception {
        ApiClient.Answer r = a.json("POST", "/api/v1/sessions", Map.of("username", user, "password", password), null);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        return r.body().get("token").asString();
    }

    @Test
    void theThreeOfficersAreSeparateAndNoneReadsSharedData() throws Exception {
        ApiClient a = new ApiClient(port);
        assertThat(passwords()).containsOnlyKeys("sysadmin", "secadmin", "auditor");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("first-passwords.json"))))
                .isEqualTo("rw-------");
        assertThat(a.json("POST", "/api/v1/sessions", Map.of("username", "sysadmin", "password", "wrong"), null).status())
                .isEqualTo(401);
        assertThat(a.json("POST", "/api/v1/sessions", Map.of("username", "nobody", "password", "wrong"), null).status())
                .isEqualTo(401);
        String sys = login(a, "sysadmin", passwords().get("sysadmin"));
        String auditor = login(a, "auditor", passwords().get("auditor"));
        assertThat(a.json("GET", "/api/v1/me", null, sys).body().get("roles").toString()).contains("SYSTEM_ADMIN");

        for (List<String> roles : List.of(List.of("SYSTEM_ADMIN", "AUDITOR"), List.of("SECURITY_ADMIN", "AUDITOR"),
                List.of("SYSTEM_ADMIN", "SECURITY_ADMIN"), List.of("AUDITOR", "AGENCY_ADMIN"))) {
            ApiClient.Answer r = a.json("POST", "/api/v1/accounts", Map.of("username", "two-hats", "agency", "PLATFORM",
                    "roles", roles), sys);
            assertThat(r.status()).as(roles + " " + r.raw()).isEqualTo(422);
        }
        assertThat(a.json("POST", "/api/v1/accounts", Map.of("username", "civil-auditor", "agency", "CIVIL",
                "roles", List.of("AUDITOR")), sys).body().get("message").asString()).contains("belong to the platform");
        // Escalation: not one's own roles, and not a second officer role for anyone.
        assertThat(a.json("PUT", "/api/v1/accounts/sysadmin/roles", Map.of("roles", List.of("SYSTEM_ADMIN", "AUDITOR")), sys)
                .status()).isEqualTo(403);
        assertThat(a.json("PUT", "/api/v1/accounts/auditor/roles", Map.of("roles", List.of("AUDITOR", "SECURITY_ADMIN")), sys)
                .status()).isEqualTo(422);
        assertThat(a.json("PUT", "/api/v1/accounts/sysadmin/roles", Map.of("roles", List.of("SECURITY_ADMIN")), auditor)
                .status()).isEqualTo(403);

        // The auditor reads and changes nothing; no officer reads shared data.
        assertThat(a.json("GET", "/api/v1/audit/verify", null, auditor).body().get("ok").asBoolean()).isTrue();
        ApiClient.Answer write = a.json("POST", "/api/v1/sharing-requests", Map.of("dataset", "x.y"), auditor);
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.body().get("message").asString()).contains("changes nothing");
        ApiClient.Answer query = a.query(sys, "SELECT 1", List.of());
        assertThat(query.status()).isEqualTo(403);
        assertThat(query.body().get("message").asString()).contains("officers");
        assertThat(a.json("POST", "/api/v1/sharing-requests", Map.of("dataset", "x.y", "purpose", "p", "legalBasis", "b"),
                login(a, "secadmin", passwords().get("secadmin"))).status()).isEqualTo(403);
    }

    @Test
    void anAgencyAppliesIsApprovedAndManagesItsOwnSystems() throws Exception {
        ApiClient a = new ApiClient(port);
        ApiClient.Answer applied = a.json("POST", "/api/v1/onboarding-applications", Map.of("agency", "HEALTH",
                "name", "Health commission", "contact", "it@health.example.gov.cn", "datasets", List.of("health.vaccination"),
                "storageQuotaMb", 2048), null);
        assertThat(applied.status()).as(applied.body().toString()).isEqualTo(201);
        String id = applied.body().get("id").asString();
        String bad = a.json("POST", "/api/v1/onboarding-applications", Map.of("agency", "NOPE", "name", "n", "contact", "c"),
                null).body().get("id").asString();
        assertThat(a.json("POST", "/api/v1/onboarding-applications", Map.of("agency", "x y", "name", "n", "contact", "c"), null)
                .status()).isEqualTo(422);

        String sys = login(a, "sysadmin", passwords().get("sysadmin"));
        String sec = login(a, "secadmin", passwords().get("secadmin"));
        assertThat(a.json("POST", "/api/v1/onboarding-applications/" + id + "/approve", null, sec).status()).isEqualTo(403);
        assertThat(a.json("GET", "/api/v1/onboarding-applications", null, sys).body().toString()).contains(id);
        assertThat(a.json("POST", "/api/v1/onboarding-applications/" + bad + "/refuse", Map.of(), sys).status()).isEqualTo(422);
        assertThat(a.json("POST", "/api/v1/onboarding-applications/" + bad + "/refuse", Map.of("reason", "no such agency"), sys)
                .body().get("status").asString()).isEqualTo("REFUSED");

        ApiClient.Answer approved = a.json("POST", "/api/v1/onboarding-applications/" + id + "/approve", null, sys);
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        assertThat(a.json("POST", "/api/v1/onboarding-applications/" + id + "/approve", null, sys).status()).isEqualTo(409);
        String systemToken = approved.body().get("systemToken").asString();
        String admin = login(a, approved.body().get("adminAccount").asString(), approved.body().get("adminPassword").asString());
        assertThat(a.json("GET", "/api/v1/agencies", null, systemToken).body().toString()).contains("HEALTH", "Health commission");

        // Its admin issues, rotates and revokes its systems' tokens, effective at once; not another agency's.
        ApiClient.Answer issued = a.json("POST", "/api/v1/agencies/HEALTH/systems", Map.of("name", "vaccine-portal"), admin);
        String portal = issued.body().get("token").asString();
        assertThat(a.json("GET", "/api/v1/me", null, portal).body().get("system").asString()).isEqualTo("vaccine-portal");
        ApiClient.Answer rotated = a.json("POST", "/api/v1/agencies/HEALTH/systems/vaccine-portal/rotate", null, admin);
        assertThat(a.json("GET", "/api/v1/me", null, portal).status()).isEqualTo(401);
        String portal2 = rotated.body().get("token").asString();
        assertThat(a.json("GET", "/api/v1/me", null, portal2).status()).isEqualTo(200);
        assertThat(a.json("DELETE", "/api/v1/agencies/HEALTH/systems/vaccine-portal", null, admin).status()).isEqualTo(200);
        assertThat(a.json("GET", "/api/v1/me", null, portal2).status()).isEqualTo(401);
        assertThat(a.json("POST", "/api/v1/agencies/PLATFORM/systems", Map.of("name", "sneaky"), admin).status()).isEqualTo(403);
        assertThat(a.json("POST", "/api/v1/agencies/HEALTH/systems", Map.of("name", "minted"), systemToken).status())
                .isEqualTo(403);

        // The usage log: each agency exports its own; the auditor every agency's; old uses are purged.
        ApiClient.Answer one = a.query(systemToken, "health check", "SELECT 1 AS ok", List.of());
        assertThat(one.status()).as(one.raw()).isEqualTo(200);
        ApiClient.Answer own = a.get("/api/v1/usage", systemToken);
        assertThat(own.status()).isEqualTo(200);
        String csv = own.raw();
        assertThat(csv).startsWith("at,agency,system,purpose,channel,datasets,columns,rows,millis,outcome,sql");
        assertThat(csv).contains("HEALTH,health-system,health check,rest").doesNotContain("PLATFORM,");
        assertThat(a.get("/api/v1/usage?agency=PLATFORM", systemToken).status()).isEqualTo(403);
        String auditor = login(a, "auditor", passwords().get("auditor"));
        assertThat(a.get("/api/v1/usage", auditor).raw()).contains("HEALTH,health-system");
        assertThat(usage.purgeOlderThan(java.time.Instant.now().plusSeconds(1))).isPositive();
        assertThat(a.get("/api/v1/usage", auditor).raw().lines().count()).isEqualTo(1);
    }
}
