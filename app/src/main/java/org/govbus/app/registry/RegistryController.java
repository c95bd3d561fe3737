package org.govbus.app.registry;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.govbus.app.audit.AuditLog;
import org.govbus.app.security.Caller;
import org.govbus.schemas.SchemaRegistry;
import org.govbus.schemas.registry.CompatibilityLevel;
import org.govbus.schemas.registry.RegisteredSchema;
import org.govbus.schemas.registry.RegistryException;
import org.govbus.schemas.registry.SchemaReference;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Confluent Schema Registry API v1 under {@code /registry}: Confluent clients and tools work against it
 * unmodified. Reads need any valid token; writes need the PLATFORM agency's.
 */
@RestController
@RequestMapping(path = "/registry", produces = {RegistryController.V1_JSON, MediaType.APPLICATION_JSON_VALUE})
public class RegistryController {

    /** Confluent's media type. */
    public static final String V1_JSON = "application/vnd.schemaregistry.v1+json";

    private final SchemaRegistry registry;
    private final AuditLog audit;

    public RegistryController(SchemaRegistry registry, AuditLog audit) {
        this.registry = registry;
        this.audit = audit;
    }

    /** Body of register, lookup and compatibility calls. */
    public record SchemaRequest(String schema, String schemaType, List<SchemaReference> references) {
        List<SchemaReference> refs() {
            return references == null ? List.of() : references;
        }

        void requireAvro() {
            if (schemaType != null && !"AVRO".equalsIgnoreCase(schemaType)) {
                throw new RegistryException(422, 42201, "Invalid schema: schema type " + schemaType
                        + " is not supported; GovBus registers AVRO schemas");
            }
        }
    }

    /** Body of config updates. */
    public record ConfigRequest(String compatibility) {
    }

    @GetMapping("/schemas/types")
    public List<String> types() {
        return List.of("AVRO");
    }

    @GetMapping("/subjects")
    public List<String> subjects(@RequestParam(defaultValue = "false") boolean deleted) {
        return registry.subjects(deleted);
    }

    @GetMapping("/subjects/{subject}/versions")
    public List<Integer> versions(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean deleted) {
        return registry.versions(subject, deleted).stream().map(RegisteredSchema::version).toList();
    }

    @PostMapping("/subjects/{subject}/versions")
    public Map<String, Integer> register(@PathVariable String subject, @RequestBody SchemaRequest body, HttpServletRequest http) {
        requirePlatform(http);
        body.requireAvro();
        int id = registry.register(subject, body.schema(), body.refs());
        audit.append(actor(http), "registry.register", subject, null, "id " + id);
        return Map.of("id", id);
    }

    @GetMapping("/subjects/{subject}/versions/{version}")
    public Map<String, Object> version(@PathVariable String subject, @PathVariable String version,
            @RequestParam(defaultValue = "false") boolean deleted) {
        return describe(registry.version(subject, version, deleted));
    }

    @GetMapping(path = "/subjects/{subject}/versions/{version}/schema")
    public ResponseEntity<String> rawSchema(@PathVariable String subject, @PathVariable String version) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(V1_JSON))
                .body(registry.version(subject, version, false).schema());
    }

    @GetMapping("/schemas/ids/{id}")
    public Map<String, Object> byId(@PathVariable int id) {
        RegisteredSchema s = registry.textById(id).orElseThrow(() -> RegistryException.schemaNotFound("with id " + id));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", s.schema());
        if (!s.references().isEmpty()) {
            out.put("references", s.references());
        }
        return out;
    }

    @PostMapping("/subjects/{subject}")
    public Map<String, Object> lookup(@PathVariable String subject, @RequestBody SchemaRequest body,
            @RequestParam(defaultValue = "false") boolean deleted) {
        body.requireAvro();
        return describe(registry.lookup(subject, body.schema(), body.refs(), deleted)
                .orElseThrow(() -> RegistryException.schemaNotFound("not registered under subject '" + subject + "'")));
    }

    @PostMapping("/compatibility/subjects/{subject}/versions/{version}")
    public Map<String, Object> compatibility(@PathVariable String subject, @PathVariable String version,
            @RequestBody SchemaRequest body, @RequestParam(defaultValue = "false") boolean verbose) {
        body.requireAvro();
        List<String> problems = registry.testCompatibility(subject, version, body.schema(), body.refs());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("is_compatible", problems.isEmpty());
        if (verbose) {
            out.put("messages", problems);
        }
        return out;
    }

    @GetMapping("/config")
    public Map<String, String> globalConfig() {
        return Map.of("compatibilityLevel", registry.globalLevel().name());
    }

    @PutMapping("/config")
    public Map<String, String> setGlobalConfig(@RequestBody ConfigRequest body, HttpServletRequest http) {
        requirePlatform(http);
        CompatibilityLevel level = CompatibilityLevel.parse(body.compatibility());
        CompatibilityLevel before = registry.globalLevel();
        registry.setGlobalLevel(level);
        audit.append(actor(http), "registry.config", "(global)", before.name(), level.name());
        return Map.of("compatibility", level.name());
    }

    @GetMapping("/config/{subject}")
    public Map<String, String> subjectConfig(@PathVariable String subject,
            @RequestParam(defaultValue = "false") boolean defaultToGlobal) {
        CompatibilityLevel level = registry.subjectLevel(subject).orElseGet(() -> {
            if (defaultToGlobal) {
                return registry.globalLevel();
            }
            throw new RegistryException(404, 40408, "Subject '" + subject
                    + "' does not have subject-level compatibility configured");
        });
        return Map.of("compatibilityLevel", level.name());
    }

    @PutMapping("/config/{subject}")
    public Map<String, String> setSubjectConfig(@PathVariable String subject, @RequestBody ConfigRequest body,
            HttpServletRequest http) {
        requirePlatform(http);
        CompatibilityLevel level = CompatibilityLevel.parse(body.compatibility());
        String before = registry.subjectLevel(subject).map(Enum::name).orElse(null);
        registry.setSubjectLevel(subject, level);
        audit.append(actor(http), "registry.config", subject, before, level.name());
        return Map.of("compatibility", level.name());
    }

    @DeleteMapping("/config/{subject}")
    public Map<String, String> deleteSubjectConfig(@PathVariable String subject, HttpServletRequest http) {
        requirePlatform(http);
        CompatibilityLevel was = registry.deleteSubjectLevel(subject);
        audit.append(actor(http), "registry.config.delete", subject, was.name(), null);
        return Map.of("compatibilityLevel", was.name());
    }

    @DeleteMapping("/subjects/{subject}")
    public List<Integer> deleteSubject(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean permanent,
            HttpServletRequest http) {
        requirePlatform(http);
        List<Integer> versions = registry.deleteSubject(subject, permanent);
        audit.append(actor(http), permanent ? "registry.delete.permanent" : "registry.delete", subject, "versions " + versions, null);
        return versions;
    }

    @DeleteMapping("/subjects/{subject}/versions/{version}")
    public int deleteVersion(@PathVariable String subject, @PathVariable String version,
            @RequestParam(defaultValue = "false") boolean permanent, HttpServletRequest http) {
        requirePlatform(http);
        int v = registry.deleteVersion(subject, version, permanent);
        audit.append(actor(http), permanent ? "registry.delete.permanent" : "registry.delete", subject + " version " + v,
                null, null);
        return v;
    }

    @ExceptionHandler(RegistryException.class)
    public ResponseEntity<Map<String, Object>> refused(RegistryException e) {
        return error(HttpStatus.valueOf(e.status()), e.errorCode(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, 400, "The body is not valid JSON of this request's form: "
                + "{\"schema\": \"<Avro schema as a string>\", \"schemaType\": \"AVRO\", \"references\": [...]}");
    }

    @ExceptionHandler(RuntimeException.class)
    public ResponseEntity<Map<String, Object>> failed(RuntimeException e) {
        LoggerFactory.getLogger(RegistryController.class).error("registry call failed", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, 50001, "Internal error of the registry: " + e.getClass().getSimpleName());
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("message", message);
        return ResponseEntity.status(status).contentType(MediaType.parseMediaType(V1_JSON)).body(body);
    }

    private static Map<String, Object> describe(RegisteredSchema s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subject", s.subject());
        out.put("version", s.version());
        out.put("id", s.id());
        out.put("schema", s.schema());
        if (!s.references().isEmpty()) {
            out.put("references", s.references());
        }
        return out;
    }

    private static String actor(HttpServletRequest http) {
        Caller caller = (Caller) http.getAttribute(Caller.ATTRIBUTE);
        return caller.agency() + "/" + caller.system();
    }

    private static void requirePlatform(HttpServletRequest http) {
        Caller caller = (Caller) http.getAttribute(Caller.ATTRIBUTE);
        if (caller == null || !"PLATFORM".equals(caller.agency())) {
            throw new RegistryException(403, 40301, "Changing the schema registry needs the PLATFORM agency's token; "
                    + "this call came from " + (caller == null ? "nobody" : caller.agency() + "/" + caller.system()));
        }
    }
}
