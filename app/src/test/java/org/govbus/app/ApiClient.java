package org.govbus.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP on loopback against a running GovBus, as an agency's system calls it. */
final class ApiClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    record Answer(int status, JsonNode body, String contentType, String raw) {
        int errorCode() {
            return body.get("error_code").asInt();
        }
    }

    static Map<String, String> credentials(Path file) throws Exception {
        return JSON.readValue(Files.readString(file), new tools.jackson.core.type.TypeReference<Map<String, String>>() { });
    }

    Answer get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    Answer query(String token, String sql, List<Object> params) throws Exception {
        return query(token, null, sql, params);
    }

    /** A query stating its purpose in the X-Purpose header. */
    Answer query(String token, String purpose, String sql, List<Object> params) throws Exception {
        String body = JSON.writeValueAsString(Map.of("sql", sql, "params", params));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1/query")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (purpose != null) {
            b.header("X-Purpose", purpose);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    /** A POST of a raw body with a content type. */
    Answer post(String path, String contentType, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    /** A JSON call of any method; {@code body} is serialised to JSON unless null. */
    Answer json(String method, String path, Object body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    /** The Accept header Confluent's Java client sends. */
    static final String CONFLUENT_ACCEPT = "application/vnd.schemaregistry.v1+json, "
            + "application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    /** A call as Confluent's schema registry client makes it. */
    Answer registry(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", CONFLUENT_ACCEPT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/vnd.schemaregistry.v1+json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    /** The body of a register, lookup or compatibility call. */
    static String schemaBody(String schema) {
        return JSON.writeValueAsString(Map.of("schema", schema, "schemaType", "AVRO"));
    }

    private Answer send(HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("Content-Type").orElse("");
        JsonNode node = r.body().isEmpty() || !type.contains("json") ? null : JSON.readTree(r.body());
        return new Answer(r.statusCode(), node, type, r.body());
    }
}
