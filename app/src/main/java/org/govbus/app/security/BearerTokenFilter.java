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

    public BearerTokenFilter(CredentialStore store) {
        this.store = store;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Optional<Caller> caller = Optional.empty();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            caller = store.authenticate(header.substring(7).trim());
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
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }
}
