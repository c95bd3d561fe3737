package org.govbus.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/** Lets a request through only with {@code Authorization: Bearer <token>} of a known, unrevoked system. */
public class BearerTokenFilter extends OncePerRequestFilter {

    private final CredentialStore store;
    private final AccountStore accounts;

    public BearerTokenFilter(CredentialStore store, AccountStore accounts) {
        this.store = store;
        this.accounts = accounts;
    }

    /** Calls anyone may make: logging in, and an agency's application to join. */
    static boolean open(HttpServletRequest request) {
        String path = request.getRequestURI();
        return "POST".equals(request.getMethod())
                && (path.equals("/api/v1/sessions") || path.equals("/api/v1/onboarding-applications"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (open(request)) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader("Authorization");
        Optional<Caller> caller = Optional.empty();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            caller = store.authenticate(token);
            if (caller.isEmpty()) {
                caller = accounts.authenticate(token);
            }
        }
        if (caller.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"govbus\"");
            response.setContentType("application/json");
            String message = "present the bearer token of your agency's system: Authorization: Bearer <token>";
            // The registry answers as Confluent Schema Registry does, so that its clients show the reason.
            response.getWriter().write(request.getRequestURI().startsWith("/registry")
                    ? "{\"error_code\":40101,\"message\":\"" + message + "\"}"
                    : "{\"error\":\"unauthorized\",\"message\":\"" + message + "\"}");
            return;
        }
        if (caller.get().has(org.govbus.core.access.Role.AUDITOR) && !"GET".equals(request.getMethod())) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"forbidden\",\"message\":\"an AUDITOR reads the audit and usage logs "
                    + "and changes nothing\"}");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }
}
