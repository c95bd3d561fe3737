package org.govbus.app.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.govbus.app.access.AccessException;
import org.govbus.app.access.UsageLog;
import org.govbus.app.security.Caller;
import org.govbus.core.access.Role;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The usage log as CSV: an agency's own uses, or every agency's for the auditor. */
@RestController
@RequestMapping("/api/v1/usage")
public class UsageController {

    private final UsageLog usage;

    public UsageController(UsageLog usage) {
        this.usage = usage;
    }

    @Operation(summary = "Export the usage log as CSV for [from, to) (dates, UTC); the AUDITOR, a SECURITY_ADMIN and the "
            + "platform see every agency (agency=... to pick one), others their own agency's only")
    @GetMapping(produces = "text/csv")
    public ResponseEntity<StreamingResponseBody> export(HttpServletRequest http,
            @RequestParam(name = "from", required = false) LocalDate from,
            @RequestParam(name = "to", required = false) LocalDate to,
            @RequestParam(name = "agency", required = false) String agency) {
        Caller c = SharingController.caller(http);
        boolean all = c.has(Role.AUDITOR) || c.has(Role.SECURITY_ADMIN) || (c.person() == null && "PLATFORM".equals(c.agency()));
        if (!all && agency != null && !agency.equalsIgnoreCase(c.agency())) {
            throw new AccessException(403, "forbidden", c.agency() + " sees its own uses only");
        }
        String who = all ? agency : c.agency();
        Instant start = (from == null ? LocalDate.of(1970, 1, 1) : from).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = (to == null ? LocalDate.now(ZoneOffset.UTC).plusDays(1) : to).atStartOfDay(ZoneOffset.UTC).toInstant();
        StreamingResponseBody body = out -> {
            OutputStreamWriter w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            usage.exportCsv(w, who, start, end);
            w.flush();
        };
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv; charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"govbus-usage.csv\"").body(body);
    }
}
