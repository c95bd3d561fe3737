package org.govbus.connectors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records sent as JSON in the source's own shape, as an HTTP push, a queue message or a JSON-lines file carries
 * them: a JSON array of objects, or NDJSON (one object a line). Values become text, as the legacy system would
 * hold them; a nested value keeps its JSON text. Each entry that is not an object is reported by position.
 */
public final class JsonRecords {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonRecords() {
    }

    /**
     * The records of a body, in order: a {@code null} row stands for an entry that is not a JSON object, and
     * {@code problems} says why, by position (rule {@code json} or {@code json-object}).
     */
    public record Parsed(List<Map<String, Object>> rows, Map<Integer, String[]> problems) {
    }

    /**
     * Parses a JSON array, or NDJSON whose lines are judged one by one.
     *
     * @throws IllegalArgumentException when the body starts as an array but is not valid JSON
     */
    public static Parsed parse(String body) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<Integer, String[]> problems = new HashMap<>();
        String trimmed = body == null ? "" : body.strip();
        if (trimmed.startsWith("[")) {
            JsonNode array;
            try {
                array = JSON.readTree(trimmed);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a JSON array of records: " + firstLine(e));
            }
            for (JsonNode node : array) {
                add(rows, problems, node);
            }
        } else {
            for (String line : trimmed.split("\r?\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    add(rows, problems, JSON.readTree(line));
                } catch (RuntimeException e) {
                    problems.put(rows.size(), new String[] {"json", "not JSON: " + firstLine(e)});
                    rows.add(null);
                }
            }
        }
        return new Parsed(rows, problems);
    }

    /** One JSON object as a row, or {@code null} when it is not an object. */
    public static Map<String, Object> row(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        node.properties().forEach(e -> row.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().isValueNode() ? e.getValue().asString() : e.getValue().toString()));
        return row;
    }

    private static void add(List<Map<String, Object>> rows, Map<Integer, String[]> problems, JsonNode node) {
        Map<String, Object> row = row(node);
        if (row == null) {
            problems.put(rows.size(), new String[] {"json-object", "each record is a JSON object"});
        }
        rows.add(row);
    }

    private static String firstLine(RuntimeException e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
}
