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

    @Bean(destroyMethod = "close")
    public UsageLog usageLog(DataSource dataSource) {
        return new UsageLog(dataSource);
    }
}
