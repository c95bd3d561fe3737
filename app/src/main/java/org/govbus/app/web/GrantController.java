package org.govbus.app.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import org.govbus.app.access.AccessException;
import org.govbus.app.access.DatasetCatalog;
import org.govbus.app.access.GrantStore;
import org.govbus.app.access.SharingService;
import org.govbus.app.security.Caller;
import org.govbus.core.access.Grant;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Grants: who may read what, as the query layer and deliveries enforce it. */
@RestController
@RequestMapping("/api/v1/grants")
public class GrantController {

    private final GrantStore grants;
    private final DatasetCatalog catalog;

    public GrantController(GrantStore grants, DatasetCatalog catalog) {
        this.grants = grants;
        this.catalog = catalog;
    }

    /** A grant and whether it stands now. */
    public record View(Grant grant, boolean active) {
    }

    @Operation(summary = "The grants the caller's agency holds or gave (the platform: all)")
    @GetMapping
    public List<View> list(HttpServletRequest http) {
        Caller caller = SharingController.caller(http);
        Instant now = Instant.now();
        return grants.all().stream().filter(g -> involved(caller, g)).map(g -> new View(g, g.activeAt(now))).toList();
    }

    @Operation(summary = "One grant")
    @GetMapping("/{id}")
    public View get(@PathVariable("id") String id, HttpServletRequest http) {
        Grant g = visible(id, SharingController.caller(http));
        return new View(g, g.activeAt(Instant.now()));
    }

    @Operation(summary = "Revoke a grant (its provider or the platform); effective on the next query and the next delivery")
    @DeleteMapping("/{id}")
    public View revoke(@PathVariable("id") String id, HttpServletRequest http) {
        Caller caller = SharingController.caller(http);
        Grant g = visible(id, caller);
        boolean platformSystem = caller.person() == null && caller.agency().equalsIgnoreCase(SharingService.PLATFORM);
        if (!provides(caller, g) && !platformSystem && !caller.has(org.govbus.core.access.Role.SECURITY_ADMIN)) {
            throw new AccessException(403, "forbidden", "only the provider of " + g.dataset() + ", a SECURITY_ADMIN or the "
                    + "platform revokes grant " + id);
        }
        if (g.revokedAt() != null) {
            throw new AccessException(409, "conflict", "grant " + id + " was revoked at " + g.revokedAt());
        }
        if (!grants.revoke(id, caller.agency() + "/" + caller.system())) {
            throw new AccessException(409, "conflict", "grant " + id + " was revoked meanwhile");
        }
        Grant after = grants.find(id).orElseThrow();
        return new View(after, after.activeAt(Instant.now()));
    }

    private Grant visible(String id, Caller caller) {
        return grants.find(id).filter(g -> involved(caller, g))
                .orElseThrow(() -> new AccessException(404, "not_found", "no grant " + id));
    }

    private boolean involved(Caller caller, Grant g) {
        return caller.agency().equalsIgnoreCase(SharingService.PLATFORM) || g.grantee().equalsIgnoreCase(caller.agency())
                || provides(caller, g);
    }

    private boolean provides(Caller caller, Grant g) {
        if (caller.person() != null && !caller.has(org.govbus.core.access.Role.AGENCY_ADMIN)) {
            return false;
        }
        return catalog.entry(g.dataset()).map(e -> e.rules().providedBy(caller.agency()))
                .orElse(g.dataset().startsWith(caller.agency().toLowerCase(java.util.Locale.ROOT) + "."));
    }
}
