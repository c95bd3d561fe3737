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

    @Bean
    public UsageLog usageLog(DataSource dataSource) {
        return new UsageLog(dataSource);
    }
}
