package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Every compatibility level through the REST API, on cases taken from Avro's TestSchemaCompatibility (type
 * promotion, fields added or removed with and without defaults, enum symbols, unions) and from Confluent's
 * Avro compatibility tests (transitive levels, where only an older version breaks).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SchemaCompatibilityLevelsIT extends RunningGovBus {




    private static final AtomicInteger SUBJECTS = new AtomicInteger();

    static String rec(String fields) {
        return "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"gov.test\",\"fields\":[" + fields + "]}";
    }

    static final String A = rec("{\"name\":\"a\",\"type\":\"int\"}");
    static final String A_LONG = rec("{\"name\":\"a\",\"type\":\"long\"}");
    static final String A_STRING = rec("{\"name\":\"a\",\"type\":\"string\"}");
    static final String A_B = rec("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}");
    static final String A_BD = rec("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}");
    static final String A_BD_CD = rec("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"},"
            + "{\"name\":\"c\",\"type\":\"int\",\"default\":0}");
    static final String OTHER = rec("{\"name\":\"x\",\"type\":\"string\"}");
    static final String E_XY = rec("{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"X\",\"Y\"]}}");
    static final String E_XYZ = rec("{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"X\",\"Y\",\"Z\"]}}");
    static final String E_XYZ_DEFAULT = rec("{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"X\",\"Y\",\"Z\"],\"default\":\"X\"}}");
    static final String E_XY_DEFAULT = rec("{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"X\",\"Y\"],\"default\":\"X\"}}");
    static final String U_INT = rec("{\"name\":\"a\",\"type\":[\"null\",\"int\"],\"default\":null}");
    static final String U_INT_STRING = rec("{\"name\":\"a\",\"type\":[\"null\",\"int\",\"string\"],\"default\":null}");

    static Stream<Arguments> cases() {
        return Stream.of(
                // level, versions already registered (oldest first), candidate, compatible?
                Arguments.of("NONE", List.of(A), OTHER, true),
                Arguments.of("BACKWARD", List.of(A), A_BD, true),
                Arguments.of("BACKWARD", List.of(A), A_B, false),
                Arguments.of("BACKWARD", List.of(A_B), A, true),
                Arguments.of("BACKWARD", List.of(A), A_LONG, true),
                Arguments.of("BACKWARD", List.of(A_LONG), A, false),
                Arguments.of("BACKWARD", List.of(A), A_STRING, false),
                Arguments.of("BACKWARD", List.of(E_XY), E_XYZ, true),
                Arguments.of("BACKWARD", List.of(E_XYZ), E_XY, false),
                Arguments.of("BACKWARD", List.of(E_XYZ), E_XY_DEFAULT, true),
                Arguments.of("BACKWARD", List.of(U_INT), U_INT_STRING, true),
                Arguments.of("BACKWARD", List.of(U_INT_STRING), U_INT, false),
                Arguments.of("FORWARD", List.of(A_B), A, false),
                Arguments.of("FORWARD", List.of(A_BD), A, true),
                Arguments.of("FORWARD", List.of(A), A_B, true),
                Arguments.of("FORWARD", List.of(A), A_LONG, false),
                Arguments.of("FORWARD", List.of(E_XY), E_XYZ, false),
                Arguments.of("FORWARD", List.of(E_XY_DEFAULT), E_XYZ, true),
                Arguments.of("FULL", List.of(A), A_B, false),
                Arguments.of("FULL", List.of(A), A_BD, true),
                Arguments.of("FULL", List.of(A_BD), A, true),
                Arguments.of("FULL", List.of(E_XY), E_XYZ_DEFAULT, false),
                // Transitive: the latest version accepts the candidate, an older one does not.
                Arguments.of("BACKWARD", List.of(A, A_BD), A_B, true),
                Arguments.of("BACKWARD_TRANSITIVE", List.of(A, A_BD), A_B, false),
                Arguments.of("BACKWARD_TRANSITIVE", List.of(A, A_BD), A_BD_CD, true),
                Arguments.of("FORWARD", List.of(A_B, A_BD), A, true),
                Arguments.of("FORWARD_TRANSITIVE", List.of(A_B, A_BD), A, false),
                Arguments.of("FORWARD_TRANSITIVE", List.of(A_B, A_BD), A_BD_CD, true),
                Arguments.of("FULL", List.of(A_B, A_BD), A, true),
                Arguments.of("FULL_TRANSITIVE", List.of(A_B, A_BD), A, false),
                Arguments.of("FULL_TRANSITIVE", List.of(A_B, A_BD), A_BD_CD, true));
    }

    @ParameterizedTest(name = "[{index}] {0}: {3}")
    @MethodSource("cases")
    void shouldApplyTheLevel(String level, List<String> versions, String candidate, boolean compatible) throws Exception {
        ApiClient api = new ApiClient(port);
        String platform = ApiClient.credentials(dataDir.resolve("platform-credentials.json")).get("PLATFORM");
        String subject = "compat-" + SUBJECTS.incrementAndGet();
        api.registry("PUT", "/registry/config/" + subject, "{\"compatibility\": \"NONE\"}", platform);
        for (String v : versions) {
            assertThat(api.registry("POST", "/registry/subjects/" + subject + "/versions", ApiClient.schemaBody(v), platform)
                    .status()).isEqualTo(200);
        }
        api.registry("PUT", "/registry/config/" + subject, "{\"compatibility\": \"" + level + "\"}", platform);

        ApiClient.Answer check = api.registry("POST", "/registry/compatibility/subjects/" + subject
                + "/versions/latest?verbose=true", ApiClient.schemaBody(candidate), platform);
        assertThat(check.body().has("is_compatible")).as(check.body().toString()).isTrue();
        assertThat(check.body().get("is_compatible").asBoolean()).as(check.body().toString()).isEqualTo(compatible);
        assertThat(check.body().get("messages").isEmpty()).isEqualTo(compatible);

        ApiClient.Answer registered = api.registry("POST", "/registry/subjects/" + subject + "/versions",
                ApiClient.schemaBody(candidate), platform);
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(compatible ? 200 : 409);
    }
}
