package org.govbus.app.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.govbus.app.audit.AuditLog;
import org.govbus.app.security.Caller;
import org.govbus.core.audit.AuditChain;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The audit log's verifier over HTTP; the platform's token only, until the auditor role arrives. */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {

    private final AuditLog audit;

    public AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/verify")
    public ResponseEntity<Map<String, Object>> verify(HttpServletRequest http) {
        Caller caller = (Caller) http.getAttribute(Caller.ATTRIBUTE);
        Map<String, Object> answer = new LinkedHashMap<>();
        if (!"PLATFORM".equals(caller.agency())) {
            answer.put("error", "forbidden");
            answer.put("message", "verifying the audit log needs the PLATFORM agency's token");
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(answer);
        }
        Optional<AuditChain.Break> broken = audit.verify();
        answer.put("ok", broken.isEmpty());
        answer.put("entries", audit.size());
        broken.ifPresent(b -> {
            answer.put("first_broken", b.seq());
            answer.put("reason", b.reason());
        });
        return ResponseEntity.ok(answer);
    }
}
