package org.govbus.app.web;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.govbus.app.ingest.PluginLoader;
import org.govbus.app.ingest.SourceRegistry;
import org.govbus.app.security.Caller;
import org.govbus.connectors.JsonRecords;
import org.govbus.core.record.RecordError;
import org.govbus.routes.ingest.IngestPipeline;
import org.govbus.routes.store.SharedStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP push of records in a source's own shape, and the dead letters of a source. Only the source's agency
 * may push to it; the source's agency and the platform may see and retry its dead letters.
 */
@RestController
@RequestMapping("/api/v1")
public class IngestController {

    /** Most records one push may carry. */
    static final int MAX_RECORDS = 10_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SourceRegistry sources;
    private final PluginLoader plugins;
    private final SharedStore store;

    public IngestController(SourceRegistry sources, PluginLoader plugins, SharedStore store) {
        this.sources = sources;
        this.plugins = plugins;
        this.store = store;
    }

    /** The plugins seen, with their state and, for a refused one, the reason. */
    @GetMapping("/plugins")
    public List<PluginLoader.Status> plugins() {
        return plugins.statuses();
    }

    /**
     * Takes a JSON array, or NDJSON (one object a line), of records. Answers once the good ones are stored:
     * the accepted count, and per rejected record its position, key, field and rule.
     */
    @PostMapping(path = "/ingest/{source}", consumes = {"application/json", "application/x-ndjson", "text/plain"})
    public ResponseEntity<Map<String, Object>> push(@PathVariable String source, @RequestBody String body,
            HttpServletRequest http) throws SQLException {
        IngestPipeline pipeline = pipeline(source);
        Caller caller = (Caller) http.getAttribute(Caller.ATTRIBUTE);
        if (!caller.agency().equals(pipeline.source().agency())) {
            return refuse(HttpStatus.FORBIDDEN, "forbidden", "source " + source + " belongs to "
                    + pipeline.source().agency() + "; only its own systems may push to it");
        }
        JsonRecords.Parsed parsed;
        try {
            parsed = JsonRecords.parse(body);
        } catch (IllegalArgumentException e) {
            return refuse(HttpStatus.BAD_REQUEST, "bad_request", "the body is " + e.getMessage()
                    + " (send NDJSON to have each line judged alone)");
        }
        List<Map<String, Object>> rows = parsed.rows();
        Map<Integer, RecordError> unparsable = new HashMap<>();
        parsed.problems().forEach((i, p) -> unparsable.put(i, new RecordError("(position " + i + ")", null, null, p[0], p[1])));
        if (rows.size() > MAX_RECORDS) {
            return refuse(HttpStatus.PAYLOAD_TOO_LARGE, "too_many_records", rows.size()
                    + " records in one push; send at most " + MAX_RECORDS + " a request");
        }
        IngestPipeline.PushOutcome o = pipeline.push(rows, unparsable);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("source", source);
        answer.put("received", o.received());
        answer.put("accepted", o.received() - o.rejected().size());
        answer.put("stored", o.stored());
        answer.put("unchanged", o.duplicates());
        answer.put("rejected", o.rejected().stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("position", r.position());
            m.put("key", r.key());
            m.put("errors", r.errors().stream().map(IngestController::error).toList());
            return m;
        }).toList());
        return ResponseEntity.ok(answer);
    }

    @GetMapping("/dead-letters")
    public ResponseEntity<?> deadLetters(@RequestParam String source, @RequestParam(defaultValue = "OPEN") String status,
            @RequestParam(defaultValue = "100") int limit, HttpServletRequest http) throws SQLException {
        IngestPipeline pipeline = pipeline(source);
        if (!mayManage(http, pipeline)) {
            return refuse(HttpStatus.FORBIDDEN, "forbidden", "dead letters of " + source + " are for "
                    + pipeline.source().agency() + " and the platform");
        }
        return ResponseEntity.ok(store.deadLetters(source, "ALL".equalsIgnoreCase(status) ? null : status.toUpperCase(),
                Math.max(1, Math.min(limit, 1000))).stream().map(IngestController::describe).toList());
    }

    @PostMapping("/dead-letters/{id}/retry")
    public ResponseEntity<Map<String, Object>> retry(@PathVariable long id, HttpServletRequest http) throws SQLException {
        SharedStore.DeadLetter dead = store.deadLetter(id).orElseThrow(() -> new NotFound("no dead letter " + id));
        IngestPipeline pipeline = pipeline(dead.source());
        if (!mayManage(http, pipeline)) {
            return refuse(HttpStatus.FORBIDDEN, "forbidden", "dead letter " + id + " is for "
                    + pipeline.source().agency() + " and the platform");
        }
        if (!"OPEN".equals(dead.status())) {
            return refuse(HttpStatus.CONFLICT, "not_open", "dead letter " + id + " is " + dead.status());
        }
        List<RecordError> errors = pipeline.retry(id, dead.rawJson());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("status", errors.isEmpty() ? "RETRIED" : "OPEN");
        answer.put("errors", errors.stream().map(IngestController::error).toList());
        return ResponseEntity.status(errors.isEmpty() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(answer);
    }

    private IngestPipeline pipeline(String source) {
        return sources.pipeline(source).orElseThrow(() -> new NotFound("no source '" + source + "'; sources: "
                + sources.running().keySet()));
    }

    private static boolean mayManage(HttpServletRequest http, IngestPipeline pipeline) {
        Caller caller = (Caller) http.getAttribute(Caller.ATTRIBUTE);
        return caller.agency().equals(pipeline.source().agency()) || "PLATFORM".equals(caller.agency());
    }

    private static Map<String, Object> describe(SharedStore.DeadLetter d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("source", d.source());
        m.put("record", d.record());
        m.put("errors", JSON.readTree(d.errors()));
        m.put("created_at", d.createdAt().toInstant().toString());
        m.put("status", d.status());
        return m;
    }

    private static Map<String, Object> error(RecordError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", e.field());
        m.put("value", e.value());
        m.put("rule", e.rule());
        m.put("message", e.message());
        return m;
    }

    private static ResponseEntity<Map<String, Object>> refuse(HttpStatus status, String error, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("message", message);
        return ResponseEntity.status(status).body(m);
    }

    /** A thing named in the path that does not exist. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
