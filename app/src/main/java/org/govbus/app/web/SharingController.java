package org.govbus.app.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govbus.app.access.SharingService;
import org.govbus.app.security.Caller;
import org.govbus.core.access.SharingRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The sharing workflow: requests for CONDITIONAL datasets and their answers. */
@RestController
@RequestMapping("/api/v1/sharing-requests")
public class SharingController {

    private final SharingService sharing;

    public SharingController(SharingService sharing) {
        this.sharing = sharing;
    }

    /** What a consuming agency asks for. */
    public record NewRequest(String dataset, List<String> columns, String purpose, String legalBasis, Instant from,
            Instant until) {
    }

    /** What a provider grants; absent fields keep what was asked (no row filter, not purpose-bound). */
    public record ApproveBody(List<String> columns, Map<String, List<String>> rowFilter, Boolean purposeBound,
            Instant until, String note) {
    }

    public record RefuseBody(String reason) {
    }

    /** A request as the API shows it: the request, plus whether its answer is late. */
    public record View(SharingRequest request, boolean overdue) {
    }

    @Operation(summary = "Request a CONDITIONAL dataset (or sensitive columns of an UNCONDITIONAL one) for a purpose")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public View create(@RequestBody NewRequest body, HttpServletRequest http) {
        SharingRequest r = sharing.request(caller(http), body.dataset(),
                body.columns() == null ? Set.of() : new LinkedHashSet<>(body.columns()), body.purpose(), body.legalBasis(),
                body.from(), body.until());
        return view(r);
    }

    @Operation(summary = "The requests the caller's agency made or must answer (the platform: all); overdue=true for late ones")
    @GetMapping
    public List<View> list(HttpServletRequest http, @RequestParam(name = "overdue", required = false) Boolean overdue) {
        return sharing.list(caller(http)).stream().map(SharingController::view)
                .filter(v -> overdue == null || v.overdue() == overdue).toList();
    }

    @Operation(summary = "One request")
    @GetMapping("/{id}")
    public View get(@PathVariable("id") String id, HttpServletRequest http) {
        return view(sharing.get(caller(http), id));
    }

    @Operation(summary = "The provider approves, possibly narrowing columns, adding a row filter, requiring "
            + "purpose-bound queries or shortening the period; the approval becomes a grant")
    @PostMapping("/{id}/approve")
    public View approve(@PathVariable("id") String id, @RequestBody(required = false) ApproveBody body,
            HttpServletRequest http) {
        SharingService.Approval a = null;
        if (body != null) {
            Map<String, Set<String>> filter = null;
            if (body.rowFilter() != null) {
                filter = new LinkedHashMap<>();
                for (Map.Entry<String, List<String>> e : body.rowFilter().entrySet()) {
                    filter.put(e.getKey(), new LinkedHashSet<>(e.getValue()));
                }
            }
            a = new SharingService.Approval(body.columns() == null ? null : new LinkedHashSet<>(body.columns()), filter,
                    body.purposeBound(), body.until(), body.note());
        }
        return view(sharing.approve(caller(http), id, a));
    }

    @Operation(summary = "The provider refuses, giving its reason (mandatory)")
    @PostMapping("/{id}/refuse")
    public View refuse(@PathVariable("id") String id, @RequestBody(required = false) RefuseBody body,
            HttpServletRequest http) {
        return view(sharing.refuse(caller(http), id, body == null ? null : body.reason()));
    }

    @Operation(summary = "The requester withdraws its pending request")
    @PostMapping("/{id}/withdraw")
    public View withdraw(@PathVariable("id") String id, HttpServletRequest http) {
        return view(sharing.withdraw(caller(http), id));
    }

    private static View view(SharingRequest r) {
        return new View(r, r.overdueAt(Instant.now()));
    }

    static Caller caller(HttpServletRequest http) {
        return (Caller) http.getAttribute(Caller.ATTRIBUTE);
    }
}
