package org.govbus.app.query;

import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.govbus.app.config.GovBusProperties;
import org.govbus.app.config.PlatformConfig;
import org.govbus.app.ingest.IngestConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The query layer over the datasets that the running sources fill. */
@Configuration(proxyBeanMethods = false)
public class QueryConfig {

    @Bean(destroyMethod = "close")
    public QueryService queryService(DataSource dataSource, GovBusProperties props, IngestConfig.Pipelines pipelines) {
        // The pipelines created their dataset tables; the reader may read those schemas and nothing else.
        Set<String> agencies = pipelines.list().stream().map(p -> p.source().datasetAgency()).collect(Collectors.toSet());
        return new QueryService(dataSource, PlatformConfig.platformUrl(props.dataDir()), agencies, props.query());
    }
}
