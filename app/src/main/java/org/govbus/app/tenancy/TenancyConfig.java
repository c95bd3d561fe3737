package org.govbus.app.tenancy;

import javax.sql.DataSource;
import org.govbus.app.audit.AuditLog;
import org.govbus.app.config.GovBusProperties;
import org.govbus.app.security.AccountStore;
import org.govbus.app.security.CredentialStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The tenants: the platform itself, the demo's agencies, and those onboarded. */
@Configuration(proxyBeanMethods = false)
public class TenancyConfig {

    @Bean
    public Onboarding onboarding(DataSource dataSource, AccountStore accounts, CredentialStore credentials, AuditLog audit,
            GovBusProperties props) {
        Onboarding o = new Onboarding(dataSource, accounts, credentials, audit);
        o.ensureAgency("PLATFORM", "The exchange's operator", 0);
        if (props.demo()) {
            o.ensureAgency("CIVIL", "Civil-affairs bureau", 10_240);
            o.ensureAgency("EDU", "Education bureau", 10_240);
            o.ensureAgency("APPROVAL", "Administrative approval bureau", 1_024);
        }
        return o;
    }
}
