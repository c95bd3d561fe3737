package org.govbus.app.ingest;

import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.govbus.app.config.GovBusProperties;
import org.govbus.app.demo.DemoDepartments;
import org.govbus.app.query.QueryService;
import org.govbus.routes.bus.EmbeddedBroker;
import org.govbus.routes.bus.OutboxRelay;
import org.govbus.routes.ingest.PublishRoutes;
import org.govbus.routes.store.SharedStore;
import org.govbus.schemas.SchemaRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/** Wires route plugins, their sources and the publish route. */
@Configuration(proxyBeanMethods = false)
public class IngestConfig {

    @Bean(destroyMethod = "destroy")
    @ConditionalOnProperty(name = "govbus.demo", havingValue = "true")
    public DemoDepartments demoDepartments(GovBusProperties props) throws Exception {
        return new DemoDepartments(props);
    }

    @Bean(destroyMethod = "close")
    public SourceRegistry sourceRegistry(CamelContext camel, SharedStore store, SchemaRegistry registry,
            QueryService queries, GovBusProperties props, EmbeddedBroker broker,
            org.govbus.app.access.DatasetCatalog catalog) {
        return new SourceRegistry(camel, store, registry, queries, props, broker, catalog);
    }

    @Bean(destroyMethod = "close")
    public PluginLoader pluginLoader(GovBusProperties props, SourceRegistry sources, ObjectProvider<DemoDepartments> demo,
            org.govbus.app.audit.AuditLog audit) throws Exception {
        return new PluginLoader(props, sources, demo.getIfAvailable(), audit);
    }

    @Bean
    public PublishRoutes publishRoutes(OutboxRelay relay, GovBusProperties props) {
        return new PublishRoutes(relay, props.pollInterval().toMillis());
    }

    /** The demo clerk at CIVIL, once a minute. */
    @Bean
    @ConditionalOnProperty(name = "govbus.demo", havingValue = "true")
    public DemoClerk demoClerk(DemoDepartments demo) {
        return new DemoClerk(demo);
    }

    /** Registers and updates a few CIVIL records every minute so the flow can be watched. */
    public static final class DemoClerk {
        private final DemoDepartments demo;

        DemoClerk(DemoDepartments demo) {
            this.demo = demo;
        }

        @Scheduled(initialDelay = 60_000, fixedRate = 60_000)
        public void work() {
            demo.clerkMinute();
        }
    }
}
