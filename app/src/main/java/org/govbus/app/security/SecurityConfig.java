package org.govbus.app.security;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.govbus.app.audit.AuditLog;
import org.govbus.app.config.GovBusProperties;
import org.govbus.app.config.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Credentials, their first issue, and the filter that authenticates every API call. */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfig.class);

    /** The demo agencies and the system each gets a token for. */
    static final Map<String, String> DEMO_SYSTEMS = demoSystems();

    private static Map<String, String> demoSystems() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CIVIL", "civil-hydj");
        m.put("EDU", "edu-jszg");
        m.put("APPROVAL", "approval-portal");
        m.put("PLATFORM", "platform-console");
        return m;
    }

    @Bean
    public CredentialStore credentialStore(DataSource dataSource, GovBusProperties props, AuditLog audit) {
        CredentialStore store = new CredentialStore(dataSource);
        Map<String, String> systems = props.demo() ? DEMO_SYSTEMS : Map.of("PLATFORM", "platform-console");
        Path file = props.dataDir().resolve(props.demo() ? "demo-credentials.json" : "platform-credentials.json");
        Map<String, String> issued = new LinkedHashMap<>();
        systems.forEach((agency, system) -> {
            if (!store.hasAny(agency)) {
                issued.put(agency, store.issue(agency, system));
                audit.append("govbus", "credential.issue", agency + "/" + system, null, "first credentials at start");
            }
        });
        if (!issued.isEmpty()) {
            SecretFiles.writeOwnerOnly(file, JsonMapper.builder().build().writeValueAsString(issued));
            LOG.info("First credentials of {} written to {} (owner-only); keep them safe", issued.keySet(), file);
        } else {
            LOG.info("Credentials of {} were issued earlier; see {}", systems.keySet(), file);
        }
        return store;
    }

    @Bean
    public AccountStore accountStore(DataSource dataSource, GovBusProperties props, AuditLog audit) {
        AccountStore accounts = new AccountStore(dataSource);
        // The three officers, one account each, at first start; the demo adds an AGENCY_ADMIN per demo agency.
        Map<String, String> issued = new LinkedHashMap<>();
        Map<String, String[]> first = new LinkedHashMap<>();
        first.put("sysadmin", new String[] {"PLATFORM", "SYSTEM_ADMIN"});
        first.put("secadmin", new String[] {"PLATFORM", "SECURITY_ADMIN"});
        first.put("auditor", new String[] {"PLATFORM", "AUDITOR"});
        if (props.demo()) {
            first.put("civil-admin", new String[] {"CIVIL", "AGENCY_ADMIN"});
            first.put("edu-admin", new String[] {"EDU", "AGENCY_ADMIN"});
            first.put("approval-admin", new String[] {"APPROVAL", "AGENCY_ADMIN"});
        }
        first.forEach((name, agencyRole) -> {
            if (accounts.find(name).isEmpty()) {
                issued.put(name, accounts.create(name, agencyRole[0],
                        java.util.Set.of(org.govbus.core.access.Role.valueOf(agencyRole[1]))));
                audit.append("govbus", "account.create", name, null, "agency=" + agencyRole[0] + " roles=" + agencyRole[1]);
            }
        });
        if (!issued.isEmpty()) {
            Path file = props.dataDir().resolve("first-passwords.json");
            SecretFiles.writeOwnerOnly(file, JsonMapper.builder().build().writeValueAsString(issued));
            LOG.info("First passwords of {} written to {} (owner-only); log in with POST /api/v1/sessions", issued.keySet(), file);
        }
        return accounts;
    }

    @Bean
    public FilterRegistrationBean<BearerTokenFilter> bearerTokenFilter(CredentialStore store, AccountStore accounts) {
        FilterRegistrationBean<BearerTokenFilter> reg = new FilterRegistrationBean<>(new BearerTokenFilter(store, accounts));
        reg.setUrlPatterns(List.of("/api/*", "/registry/*"));
        reg.setOrder(1);
        return reg;
    }
}
