package org.govbus.app.web;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govbus.app.access.AccessException;
import org.govbus.app.audit.AuditLog;
import org.govbus.app.security.AccountStore;
import org.govbus.app.security.Caller;
import org.govbus.app.security.CredentialStore;
import org.govbus.app.tenancy.Onboarding;
import org.govbus.core.access.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** People (log in, accounts, roles), agencies and their systems, and onboarding. */
@RestController
@RequestMapping("/api/v1")
public class PeopleController {

    private final AccountStore accounts;
    private final CredentialStore credentials;
    private final Onboarding onboarding;
    private final AuditLog audit;

    public PeopleController(AccountStore accounts, CredentialStore credentials, Onboarding onboarding, AuditLog audit) {
        this.accounts = accounts;
        this.credentials = credentials;
        this.onboarding = onboarding;
        this.audit = audit;
    }

    public record Login(String username, String password) {
    }

    public record NewAccount(String username, String agency, List<Role> roles) {
    }

    public record Roles(List<Role> roles) {
    }

    public record NewSystem(String name) {
    }

    public record Application(String agency, String name, String contact, List<String> datasets, Long storageQuotaMb) {
    }

    public record Reason(String reason) {
    }

    @Operation(summary = "Log a person in: a session token for Authorization: Bearer, valid for 8 hours")
    @PostMapping("/sessions")
    public ResponseEntity<Map<String, Object>> login(@RequestBody Login body) {
        return accounts.login(body.username(), body.password()).<ResponseEntity<Map<String, Object>>>map(token -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("token", token);
            out.put("account", accounts.find(body.username()).orElseThrow());
            return ResponseEntity.status(HttpStatus.CREATED).body(out);
        }).orElseGet(() -> ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .body(Map.of("error", "unauthorized", "message", "unknown account, wrong password, or disabled account")));
    }

    @Operation(summary = "Who the caller is: agency, system or person, roles")
    @GetMapping("/me")
    public Caller me(HttpServletRequest http) {
        return SharingController.caller(http);
    }

    @Operation(summary = "Accounts (SYSTEM_ADMIN, AUDITOR)")
    @GetMapping("/accounts")
    public List<AccountStore.Account> accounts(HttpServletRequest http) {
        Caller c = SharingController.caller(http);
        if (!c.has(Role.SYSTEM_ADMIN) && !c.has(Role.AUDITOR)) {
            throw new AccessException(403, "forbidden", "only a SYSTEM_ADMIN or an AUDITOR sees the accounts");
        }
        return accounts.list();
    }

    @Operation(summary = "Create a person's account (SYSTEM_ADMIN); its first password is in the answer, once")
    @PostMapping("/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> createAccount(@RequestBody NewAccount body, HttpServletRequest http) {
        Caller c = requireRole(http, Role.SYSTEM_ADMIN, "create accounts");
        Set<Role> roles = body.roles() == null || body.roles().isEmpty() ? Set.of() : EnumSet.copyOf(body.roles());
        String password;
        try {
            password = accounts.create(body.username(), body.agency() == null ? "" : body.agency(), roles);
        } catch (IllegalArgumentException e) {
            throw new AccessException(422, "invalid", e.getMessage());
        } catch (IllegalStateException e) {
            throw new AccessException(409, "conflict", e.getMessage());
        }
        audit.append(c.actor(), "account.create", body.username(), null, "agency=" + body.agency() + " roles=" + roles);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", accounts.find(body.username()).orElseThrow());
        out.put("password", password);
        return out;
    }

    @Operation(summary = "Replace an account's roles (SYSTEM_ADMIN; never one's own; never two of the three officers)")
    @PutMapping("/accounts/{username}/roles")
    public AccountStore.Account setRoles(@PathVariable("username") String username, @RequestBody Roles body,
            HttpServletRequest http) {
        Caller c = requireRole(http, Role.SYSTEM_ADMIN, "change roles");
        if (username.equals(c.person())) {
            throw new AccessException(403, "forbidden", "no one changes their own roles");
        }
        Set<Role> roles = body.roles() == null || body.roles().isEmpty() ? Set.of() : EnumSet.copyOf(body.roles());
        if (accounts.find(username).isEmpty()) {
            throw new AccessException(404, "not_found", "no account " + username);
        }
        Set<Role> before;
        try {
            before = accounts.setRoles(username, roles);
        } catch (IllegalArgumentException e) {
            throw new AccessException(422, "invalid", e.getMessage());
        }
        audit.append(c.actor(), "account.roles", username, "roles=" + before, "roles=" + roles);
        return accounts.find(username).orElseThrow();
    }

    @Operation(summary = "The agencies (tenants)")
    @GetMapping("/agencies")
    public List<Onboarding.Agency> agencies() {
        return onboarding.agencies();
    }

    @Operation(summary = "An agency's systems (its AGENCY_ADMIN, a SYSTEM_ADMIN)")
    @GetMapping("/agencies/{agency}/systems")
    public List<CredentialStore.SystemInfo> systems(@PathVariable("agency") String agency, HttpServletRequest http) {
        requireAgencyAdmin(http, agency);
        return credentials.systems(agency);
    }

    @Operation(summary = "Issue a token for a system of the agency (its AGENCY_ADMIN); shown once")
    @PostMapping("/agencies/{agency}/systems")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, String> issue(@PathVariable("agency") String agency, @RequestBody NewSystem body,
            HttpServletRequest http) {
        Caller c = requireAgencyAdmin(http, agency);
        if (body.name() == null || !body.name().matches("[a-z][a-z0-9-]{1,63}")) {
            throw new AccessException(422, "invalid", "a system name is 2-64 lower-case letters, digits or '-'");
        }
        String token = credentials.issue(agency, body.name());
        audit.append(c.actor(), "credential.issue", agency + "/" + body.name(), null, "issued");
        return Map.of("agency", agency, "system", body.name(), "token", token);
    }

    @Operation(summary = "Rotate a system's token: the old ones stop working now, a new one is shown once")
    @PostMapping("/agencies/{agency}/systems/{system}/rotate")
    public Map<String, String> rotate(@PathVariable("agency") String agency, @PathVariable("system") String system,
            HttpServletRequest http) {
        Caller c = requireAgencyAdmin(http, agency);
        int revoked = revokeStanding(agency, system);
        String token = credentials.issue(agency, system);
        audit.append(c.actor(), "credential.rotate", agency + "/" + system, revoked + " token(s)", "1 new token");
        return Map.of("agency", agency, "system", system, "token", token);
    }

    @Operation(summary = "Revoke every token of a system, effective on its next request")
    @DeleteMapping("/agencies/{agency}/systems/{system}")
    public Map<String, Object> revoke(@PathVariable("agency") String agency, @PathVariable("system") String system,
            HttpServletRequest http) {
        Caller c = requireAgencyAdmin(http, agency);
        int revoked = revokeStanding(agency, system);
        audit.append(c.actor(), "credential.revoke", agency + "/" + system, revoked + " token(s)", "revoked");
        return Map.of("agency", agency, "system", system, "revoked", revoked);
    }

    @Operation(summary = "Apply to join as an agency, with the services needed (no token needed)")
    @PostMapping("/onboarding-applications")
    @ResponseStatus(HttpStatus.CREATED)
    public Onboarding.Application apply(@RequestBody Application body) {
        return onboarding.apply(body.agency(), body.name(), body.contact(), body.datasets(),
                body.storageQuotaMb() == null ? 1024 : body.storageQuotaMb());
    }

    @Operation(summary = "Applications to join (SYSTEM_ADMIN)")
    @GetMapping("/onboarding-applications")
    public List<Onboarding.Application> applications(HttpServletRequest http) {
        return onboarding.applications(SharingController.caller(http));
    }

    @Operation(summary = "Approve an application (SYSTEM_ADMIN): creates the agency, its AGENCY_ADMIN and first system token")
    @PostMapping("/onboarding-applications/{id}/approve")
    public Onboarding.Approved approve(@PathVariable("id") String id, HttpServletRequest http) {
        return onboarding.approve(SharingController.caller(http), id);
    }

    @Operation(summary = "Refuse an application with a reason (SYSTEM_ADMIN)")
    @PostMapping("/onboarding-applications/{id}/refuse")
    public Onboarding.Application refuse(@PathVariable("id") String id, @RequestBody(required = false) Reason body,
            HttpServletRequest http) {
        return onboarding.refuse(SharingController.caller(http), id, body == null ? null : body.reason());
    }

    /** Revokes a system's standing tokens; a system with none is not found. */
    private int revokeStanding(String agency, String system) {
        int revoked = credentials.revoke(agency, system);
        if (revoked == 0) {
            throw new AccessException(404, "not_found", "system " + agency + "/" + system + " has no standing token");
        }
        return revoked;
    }

    private static Caller requireRole(HttpServletRequest http, Role role, String what) {
        Caller c = SharingController.caller(http);
        if (!c.has(role)) {
            throw new AccessException(403, "forbidden", "only a " + role + " may " + what);
        }
        return c;
    }

    /** The agency's own AGENCY_ADMIN, or a SYSTEM_ADMIN; never a system token (a system does not mint systems). */
    private static Caller requireAgencyAdmin(HttpServletRequest http, String agency) {
        Caller c = SharingController.caller(http);
        boolean own = c.has(Role.AGENCY_ADMIN) && c.agency().equalsIgnoreCase(agency);
        if (!own && !c.has(Role.SYSTEM_ADMIN)) {
            throw new AccessException(403, "forbidden", "only " + agency + "'s AGENCY_ADMIN or a SYSTEM_ADMIN manages its systems");
        }
        return c;
    }
}
