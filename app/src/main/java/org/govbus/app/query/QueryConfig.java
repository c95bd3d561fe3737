package org.govbus.app.query;

import javax.sql.DataSource;
import org.govbus.app.access.DatasetCatalog;
import org.govbus.app.access.GrantStore;
import org.govbus.app.access.UsageLog;
import org.govbus.app.config.GovBusProperties;
import org.govbus.app.config.PlatformConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The query layer over the datasets that the running sources fill. */
@Configuration(proxyBeanMethods = false)
public class QueryConfig {

    @Bean(destroyMethod = "close")
    public QueryService queryService(DataSource dataSource, GovBusProperties props, DatasetCatalog catalog,
            GrantStore grants, UsageLog usage) {
        return new QueryService(dataSource, PlatformConfig.platformUrl(props.dataDir()), props.query(), catalog, grants,
                usage);
    }

    /** The JDBC endpoint, unless {@code govbus.jdbc-port} is -1. */
    @Bean(destroyMethod = "close")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression("${govbus.jdbc-port:8765} >= 0")
    public JdbcEndpoint jdbcEndpoint(QueryService queries, org.govbus.app.security.CredentialStore credentials,
            GovBusProperties props) throws Exception {
        return new JdbcEndpoint(props.jdbcPort(), queries, credentials);
    }

    /** Purges the usage log of what is older than its retention, daily. */
    @Bean
    public UsageRetention usageRetention(UsageLog usage, GovBusProperties props, org.govbus.app.audit.AuditLog audit) {
        return new UsageRetention(usage, props.usageRetention(), audit);
    }

    /** The daily purge of the usage log. */
    public static final class UsageRetention {
        private final UsageLog usage;
        private final java.time.Duration retention;
        private final org.govbus.app.audit.AuditLog audit;

        UsageRetention(UsageLog usage, java.time.Duration retention, org.govbus.app.audit.AuditLog audit) {
            this.usage = usage;
            this.retention = retention;
            this.audit = audit;
        }

        @org.springframework.scheduling.annotation.Scheduled(initialDelay = 60_000, fixedDelay = 86_400_000)
        public void purge() {
            java.time.Instant cutoff = java.time.Instant.now().minus(retention);
            int n = usage.purgeOlderThan(cutoff);
            if (n > 0) {
                audit.append("govbus", "usage-log.purge", "usage_log", null, n + " uses older than " + cutoff + " purged");
            }
        }
    }

    @Bean(destroyMethod = "close")
    public UsageLog usageLog(GovBusProperties props) {
        java.nio.file.Path dir = props.dataDir().resolve("platform");
        return UsageLog.ownDatabase(dir, "govbus",
                org.govbus.app.config.SecretFiles.readOrCreate(dir.resolve("db-secret")));
    }
}
