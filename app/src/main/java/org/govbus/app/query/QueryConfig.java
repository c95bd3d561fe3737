package org.govbus.app.query;

import javax.sql.DataSource;
import org.govbus.app.config.GovBusProperties;
import org.govbus.app.config.PlatformConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The query layer over the datasets that the running sources fill. */
@Configuration(proxyBeanMethods = false)
public class QueryConfig {

    @Bean(destroyMethod = "close")
    public QueryService queryService(DataSource dataSource, GovBusProperties props) {
        return new QueryService(dataSource, PlatformConfig.platformUrl(props.dataDir()), props.query());
    }
}
