package org.govbus.app.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.govbus.app.query.QueryResult;
import org.govbus.app.query.QueryService;
import org.govbus.app.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/** SQL over the shared data, within the caller's grants. */
@RestController
@RequestMapping("/api/v1")
public class QueryController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final QueryService queries;
    private final long streamMaxRows;

    public QueryController(QueryService queries, org.govbus.app.config.GovBusProperties props) {
        this.queries = queries;
        this.streamMaxRows = props.query().streamMaxRows();
    }

    @Operation(summary = "Ask one SQL query; the answer holds at most govbus.query.max-rows rows",
            description = "State the purpose in X-Purpose; it is logged with the query.")
    @PostMapping(value = "/query", produces = MediaType.APPLICATION_JSON_VALUE)
    public QueryResult query(@RequestBody QueryRequest request, HttpServletRequest http,
            @RequestHeader(name = "X-Purpose", required = false) String purpose) {
        Caller caller = (Caller) http.getAttribute(Caller.ATTRIBUTE);
        return queries.query(caller, purpose, request.sql(), request.params());
    }

    @Operation(summary = "Ask one SQL query and stream the answer as NDJSON",
            description = "Send Accept: application/x-ndjson. The first line is {\"columns\": [...]}, then one JSON array "
                    + "per row, up to govbus.query.stream-max-rows; a last line {\"truncated\": true} says the answer "
                    + "was cut, {\"error\": ...} that reading failed part way.")
    @PostMapping(value = "/query", produces = "application/x-ndjson")
    public ResponseEntity<StreamingResponseBody> stream(@RequestBody QueryRequest request, HttpServletRequest http,
            @RequestHeader(name = "X-Purpose", required = false) String purpose) {
        Caller caller = (Caller) http.getAttribute(Caller.ATTRIBUTE);
        // Opened here, so that a refusal is a 400 before any row is sent.
        QueryService.OpenQuery q;
        try {
            q = queries.open(caller, purpose, request.sql(), request.params(), streamMaxRows + 1);
        } catch (org.govbus.app.query.QueryRefusedException e) {
            // Written here: the error handlers' JSON converters do not answer an NDJSON request.
            Map<String, String> error = Map.of("error", "query_refused", "message", e.getMessage());
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(out -> write(out, error));
        }
        StreamingResponseBody body = out -> {
            try (q) {
                write(out, Map.of("columns", q.columns()));
                long n = 0;
                while (q.next()) {
                    if (n++ == streamMaxRows) {
                        write(out, Map.of("truncated", true));
                        break;
                    }
                    write(out, q.row());
                }
            } catch (RuntimeException e) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("error", "query_failed");
                error.put("message", e.getMessage());
                write(out, error);
            }
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-ndjson")).body(body);
    }

    private static void write(OutputStream out, Object line) throws java.io.IOException {
        out.write(JSON.writeValueAsString(line).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }
}
