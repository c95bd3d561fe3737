package org.govbus.app.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.govbus.app.config.GovBusProperties;
import org.govbus.app.demo.DemoDepartments;
import org.govbus.connectors.jdbc.JdbcPollingConnector;
import org.govbus.connectors.jdbc.JdbcSourceOptions;
import org.govbus.core.spi.SourceDefinition;
import org.govbus.routes.bus.OutboxRelay;
import org.govbus.routes.ingest.IngestPipeline;
import org.govbus.routes.ingest.IngestRoutes;
import org.govbus.routes.store.SharedStore;
import org.govbus.schemas.CanonicalCodec;
import org.govbus.schemas.CanonicalSchemas;
import org.govbus.schemas.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/** Wires the sources of the configured route plugins into ingest routes. */
@Configuration(proxyBeanMethods = false)
public class IngestConfig {

    private static final Logger LOG = LoggerFactory.getLogger(IngestConfig.class);

    @Bean(destroyMethod = "destroy")
    @ConditionalOnProperty(name = "govbus.demo", havingValue = "true")
    public DemoDepartments demoDepartments(GovBusProperties props) throws Exception {
        return new DemoDepartments(props);
    }

    @Bean
    public RoutePlugins routePlugins() {
        return new RoutePlugins(getClass().getClassLoader());
    }

    /** The sources to run: of each plugin that has settings; in demo mode the demo departments' databases. */
    /** The sources that run. */
    public record Sources(List<SourceDefinition> list) {
    }

    /** Their pipelines. */
    public record Pipelines(List<IngestPipeline> list) {
    }

    @Bean
    public Sources sources(GovBusProperties props, RoutePlugins plugins,
            ObjectProvider<DemoDepartments> demo) {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>(props.plugins());
        DemoDepartments d = demo.getIfAvailable();
        if (d != null) {
            settings.putIfAbsent("civil-marriage", d.civilPluginSettings());
            settings.putIfAbsent("edu-teacher", d.eduPluginSettings());
        }
        List<SourceDefinition> sources = new ArrayList<>();
        settings.forEach((name, s) -> sources.addAll(plugins.byName(name).sources(s)));
        LOG.info("Route plugins installed: {}; sources running: {}", plugins.all().keySet(),
                sources.stream().map(SourceDefinition::name).toList());
        return new Sources(List.copyOf(sources));
    }

    @Bean
    public Pipelines pipelines(Sources sources, SharedStore store, SchemaRegistry registry) {
        List<IngestPipeline> out = new ArrayList<>();
        for (SourceDefinition source : sources.list()) {
            if (!"jdbc-poll".equals(source.connector())) {
                throw new IllegalArgumentException("source " + source.name() + " asks for connector '"
                        + source.connector() + "'; this version has: jdbc-poll");
            }
            Schema schema = CanonicalSchemas.byName(source.schema());
            int id = registry.register(source.dataset() + "-value", schema);
            out.add(new IngestPipeline(source, new JdbcPollingConnector(JdbcSourceOptions.from(source.options())),
                    new CanonicalCodec(schema, id), store));
        }
        return new Pipelines(List.copyOf(out));
    }

    @Bean
    public IngestRoutes ingestRoutes(Pipelines pipelines, OutboxRelay relay, GovBusProperties props) {
        return new IngestRoutes(pipelines.list(), relay, props.pollInterval().toMillis());
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
