package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.govbus.app.security.CredentialStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The registry through its REST API, as a Confluent client calls it: media types, bodies and error codes of
 * Confluent Schema Registry API v1, on a running GovBus over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SchemaRegistryApiIT extends RunningGovBus {



    @Autowired
    CredentialStore credentials;
    @Autowired
    javax.sql.DataSource dataSource;

    ApiClient api;
    String platform;
    static String reader;

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiClient(port);
        platform = ApiClient.credentials(dataDir.resolve("platform-credentials.json")).get("PLATFORM");
        if (reader == null) {
            reader = credentials.issue("APPROVAL", "approval-portal");
        }
    }

    static String record(String name, String fields) {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"gov.test\",\"fields\":[" + fields + "]}";
    }

    static final String A = "{\"name\":\"a\",\"type\":\"int\"}";
    static final String B = "{\"name\":\"b\",\"type\":\"string\"}";
    static final String B_DEFAULT = "{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}";

    ApiClient.Answer register(String subject, String schema) throws Exception {
        return api.registry("POST", "/registry/subjects/" + subject + "/versions", ApiClient.schemaBody(schema), platform);
    }

    @Test
    void shouldRegisterIdempotentlyWithOneIdPerCanonicalSchema() throws Exception {
        String schema = record("Person", A + "," + B);
        ApiClient.Answer first = register("idem-value", schema);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).startsWith("application/vnd.schemaregistry.v1+json");
        int id = first.body().get("id").asInt();
        assertThat(register("idem-value", schema).body().get("id").asInt()).isEqualTo(id);
        // The same schema in another layout, under another subject: same Parsing Canonical Form, same ID.
        String spaced = schema.replace(",", " ,\n ").replace("{\"name\":\"a\",\"type\":\"int\"}",
                "{\"type\" : \"int\", \"doc\": \"ignored by the canonical form\", \"name\" : \"a\"}");
        assertThat(register("idem-other", spaced).body().get("id").asInt()).isEqualTo(id);
        assertThat(api.registry("GET", "/registry/subjects/idem-value/versions", null, reader).body().toString()).isEqualTo("[1]");

        ApiClient.Answer latest = api.registry("GET", "/registry/subjects/idem-value/versions/latest", null, reader);
        assertThat(latest.body().get("subject").asString()).isEqualTo("idem-value");
        assertThat(latest.body().get("version").asInt()).isEqualTo(1);
        assertThat(latest.body().get("id").asInt()).isEqualTo(id);
        assertThat(api.registry("GET", "/registry/schemas/ids/" + id, null, reader).body().get("schema").asString())
                .contains("Person");
        assertThat(api.registry("GET", "/registry/subjects/idem-value/versions/1/schema", null, reader).body()
                .get("name").asString()).isEqualTo("Person");
        assertThat(api.registry("GET", "/registry/subjects", null, reader).body().toString())
                .contains("\"idem-value\"", "\"idem-other\"");

        ApiClient.Answer found = api.registry("POST", "/registry/subjects/idem-value", ApiClient.schemaBody(spaced), reader);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get("id").asInt()).isEqualTo(id);
        ApiClient.Answer missing = api.registry("POST", "/registry/subjects/idem-value",
                ApiClient.schemaBody(record("Person", A)), reader);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo(40403);
    }

    @Test
    void shouldAnswerErrorsAsConfluentDoes() throws Exception {
        register("errors-value", record("E", A));
        assertThat(api.registry("POST", "/registry/subjects/errors-value/versions", "{\"schema\": ", platform).status())
                .isEqualTo(400);
        ApiClient.Answer invalid = register("errors-value", "{\"type\": \"record\", \"name\": \"X\", \"fields\": [{\"name\": 1}]}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42201);
        ApiClient.Answer notJsonSchema = register("errors-value", "not a schema");
        assertThat(notJsonSchema.errorCode()).isEqualTo(42201);
        String huge = record("Huge", "{\"name\":\"a\",\"type\":\"string\",\"doc\":\"" + "x".repeat(1_100_000) + "\"}");
        ApiClient.Answer tooBig = register("errors-value", huge);
        assertThat(tooBig.status()).isEqualTo(422);
        assertThat(tooBig.body().get("message").asString()).contains("limit");
        String withRef = ApiClient.JSON.writeValueAsString(Map.of("schema", record("R", "{\"name\":\"p\",\"type\":\"gov.test.Nobody\"}"),
                "references", List.of(Map.of("name", "gov.test.Nobody", "subject", "no-such-subject", "version", 1))));
        ApiClient.Answer badRef = api.registry("POST", "/registry/subjects/errors-value/versions", withRef, platform);
        assertThat(badRef.errorCode()).isEqualTo(42201);
        assertThat(badRef.body().get("message").asString()).contains("no-such-subject");
        ApiClient.Answer level = api.registry("PUT", "/registry/config/errors-value", "{\"compatibility\": \"SIDEWAYS\"}", platform);
        assertThat(level.status()).isEqualTo(422);
        assertThat(level.errorCode()).isEqualTo(42203);
        assertThat(api.registry("GET", "/registry/subjects/no-such/versions", null, reader).errorCode()).isEqualTo(40401);
        assertThat(api.registry("GET", "/registry/subjects/errors-value/versions/7", null, reader).errorCode()).isEqualTo(40402);
        assertThat(api.registry("GET", "/registry/subjects/errors-value/versions/abc", null, reader).errorCode()).isEqualTo(42202);
        assertThat(api.registry("GET", "/registry/schemas/ids/99999", null, reader).errorCode()).isEqualTo(40403);
        ApiClient.Answer protobuf = api.registry("POST", "/registry/subjects/errors-value/versions",
                "{\"schema\": \"syntax = \\\"proto3\\\";\", \"schemaType\": \"PROTOBUF\"}", platform);
        assertThat(protobuf.errorCode()).isEqualTo(42201);
    }

    @Test
    void shouldDescribeEveryEndpointInOpenApi() throws Exception {
        ApiClient.Answer docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().get("paths").propertyNames()).contains("/api/v1/query", "/registry/subjects",
                "/registry/subjects/{subject}/versions", "/registry/subjects/{subject}/versions/{version}",
                "/registry/schemas/ids/{id}", "/registry/compatibility/subjects/{subject}/versions/{version}",
                "/registry/config", "/registry/config/{subject}");
        assertThat(docs.body().get("components").get("securitySchemes").has("agency-token")).isTrue();
    }

    @Test
    void shouldLetOnlyThePlatformWrite() throws Exception {
        ApiClient.Answer byReader = api.registry("POST", "/registry/subjects/auth-value/versions",
                ApiClient.schemaBody(record("Auth", A)), reader);
        assertThat(byReader.status()).isEqualTo(403);
        assertThat(byReader.errorCode()).isEqualTo(40301);
        assertThat(api.registry("PUT", "/registry/config", "{\"compatibility\": \"NONE\"}", reader).status()).isEqualTo(403);
        ApiClient.Answer anonymous = api.registry("GET", "/registry/subjects", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorCode()).isEqualTo(40101);
    }

    @Test
    void shouldResolveReferences() throws Exception {
        String person = "{\"type\":\"record\",\"name\":\"PersonRef\",\"namespace\":\"gov.test\",\"fields\":["
                + "{\"name\":\"id_number\",\"type\":\"string\"}]}";
        register("person-ref", person);
        String marriage = ApiClient.JSON.writeValueAsString(Map.of("schema",
                record("Marriage", "{\"name\":\"husband\",\"type\":\"gov.test.PersonRef\"},{\"name\":\"wife\",\"type\":\"gov.test.PersonRef\"}"),
                "references", List.of(Map.of("name", "gov.test.PersonRef", "subject", "person-ref", "version", 1))));
        ApiClient.Answer a = api.registry("POST", "/registry/subjects/marriage-ref/versions", marriage, platform);
        assertThat(a.status()).isEqualTo(200);
        ApiClient.Answer byId = api.registry("GET", "/registry/schemas/ids/" + a.body().get("id").asInt(), null, reader);
        assertThat(byId.body().get("references").get(0).get("subject").asString()).isEqualTo("person-ref");
        ApiClient.Answer version = api.registry("GET", "/registry/subjects/marriage-ref/versions/1", null, reader);
        assertThat(version.body().get("references").get(0).get("name").asString()).isEqualTo("gov.test.PersonRef");
    }

    @Test
    void shouldSoftDeleteThenPermanentlyDelete() throws Exception {
        int id1 = register("del-value", record("D", A)).body().get("id").asInt();
        register("del-value", record("D", A + "," + B_DEFAULT));
        assertThat(api.registry("DELETE", "/registry/subjects/del-value/versions/1?permanent=true", null, platform).errorCode())
                .isEqualTo(40407);
        assertThat(api.registry("DELETE", "/registry/subjects/del-value/versions/1", null, platform).body().asInt()).isEqualTo(1);
        assertThat(api.registry("GET", "/registry/subjects/del-value/versions", null, reader).body().toString()).isEqualTo("[2]");
        assertThat(api.registry("GET", "/registry/subjects/del-value/versions?deleted=true", null, reader).body().toString())
                .isEqualTo("[1,2]");
        assertThat(api.registry("GET", "/registry/subjects/del-value/versions/1", null, reader).errorCode()).isEqualTo(40402);
        assertThat(api.registry("GET", "/registry/subjects/del-value/versions/1?deleted=true", null, reader).status()).isEqualTo(200);
        assertThat(api.registry("DELETE", "/registry/subjects/del-value?permanent=true", null, platform).errorCode()).isEqualTo(40405);
        assertThat(api.registry("DELETE", "/registry/subjects/del-value", null, platform).body().toString()).isEqualTo("[2]");
        assertThat(api.registry("GET", "/registry/subjects", null, reader).body().toString()).doesNotContain("del-value");
        assertThat(api.registry("GET", "/registry/subjects?deleted=true", null, reader).body().toString()).contains("del-value");
        assertThat(api.registry("DELETE", "/registry/subjects/del-value?permanent=true", null, platform).body().toString())
                .isEqualTo("[1,2]");
        assertThat(api.registry("GET", "/registry/subjects?deleted=true", null, reader).body().toString()).doesNotContain("del-value");
        // IDs stay valid for the bytes already on the bus.
        assertThat(api.registry("GET", "/registry/schemas/ids/" + id1, null, reader).status()).isEqualTo(200);
    }

    @Test
    void shouldKeepGlobalAndSubjectLevels() throws Exception {
        assertThat(api.registry("GET", "/registry/config", null, reader).body().get("compatibilityLevel").asString())
                .isEqualTo("BACKWARD");
        assertThat(api.registry("GET", "/registry/config/cfg-value", null, reader).errorCode()).isEqualTo(40408);
        assertThat(api.registry("GET", "/registry/config/cfg-value?defaultToGlobal=true", null, reader).body()
                .get("compatibilityLevel").asString()).isEqualTo("BACKWARD");
        assertThat(api.registry("PUT", "/registry/config/cfg-value", "{\"compatibility\": \"full_transitive\"}", platform)
                .body().get("compatibility").asString()).isEqualTo("FULL_TRANSITIVE");
        assertThat(api.registry("GET", "/registry/config/cfg-value", null, reader).body().get("compatibilityLevel").asString())
                .isEqualTo("FULL_TRANSITIVE");
        assertThat(api.registry("DELETE", "/registry/config/cfg-value", null, platform).body().get("compatibilityLevel")
                .asString()).isEqualTo("FULL_TRANSITIVE");
        assertThat(api.registry("GET", "/registry/config/cfg-value", null, reader).errorCode()).isEqualTo(40408);
    }

    @Test
    void shouldNameTheFieldAndTheReaderThatBreaks() throws Exception {
        String v1 = record("Couple", "{\"name\":\"wife\",\"type\":{\"type\":\"record\",\"name\":\"Wife\",\"fields\":["
                + "{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"id_number\",\"type\":\"string\"}]}}");
        String v2 = record("Couple", "{\"name\":\"wife\",\"type\":{\"type\":\"record\",\"name\":\"Wife\",\"fields\":["
                + "{\"name\":\"name\",\"type\":\"string\"}]}}");
        register("couple-value", v1);
        api.registry("PUT", "/registry/config/couple-value", "{\"compatibility\": \"FORWARD\"}", platform);
        ApiClient.Answer check = api.registry("POST", "/registry/compatibility/subjects/couple-value/versions/latest?verbose=true",
                ApiClient.schemaBody(v2), reader);
        assertThat(check.body().get("is_compatible").asBoolean()).isFalse();
        assertThat(check.body().get("messages").get(0).asString())
                .contains("field wife.id_number", "without a default", "readers of version 1");
        ApiClient.Answer refused = register("couple-value", v2);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo(409);
        assertThat(refused.body().get("message").asString()).contains("wife.id_number");
        ApiClient.Answer quiet = api.registry("POST", "/registry/compatibility/subjects/couple-value/versions/1",
                ApiClient.schemaBody(v2), reader);
        assertThat(quiet.body().get("is_compatible").asBoolean()).isFalse();
        assertThat(quiet.body().has("messages")).isFalse();
    }

    @Test
    void shouldChainEveryRegistryChangeInTheAuditLogAndFindAnEdit() throws Exception {
        register("audited-value", record("Audited", A));
        api.registry("PUT", "/registry/config/audited-value", "{\"compatibility\": \"FULL\"}", platform);
        ApiClient.Answer ok = api.get("/api/v1/audit/verify", platform);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("ok").asBoolean()).isTrue();
        assertThat(ok.body().get("entries").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(api.get("/api/v1/audit/verify", reader).status()).isEqualTo(403);
        long seq;
        try (var c = dataSource.getConnection(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT MAX(seq) FROM govbus.audit_log WHERE action = 'registry.config' "
                        + "AND target = 'audited-value'")) {
            rs.next();
            seq = rs.getLong(1);
            // Someone with database access rewrites history.
            s.executeUpdate("UPDATE govbus.audit_log SET after_state = 'NONE' WHERE seq = " + seq);
        }
        ApiClient.Answer broken = api.get("/api/v1/audit/verify", platform);
        assertThat(broken.body().get("ok").asBoolean()).isFalse();
        assertThat(broken.body().get("first_broken").asLong()).isEqualTo(seq);
        assertThat(broken.body().get("reason").asString()).contains("changed");
    }
}
