package org.govbus.app.ingest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.govbus.app.config.GovBusProperties;
import org.govbus.app.query.QueryService;
import org.govbus.connectors.file.FileDropConnector;
import org.govbus.connectors.file.FileDropOptions;
import org.govbus.connectors.jdbc.JdbcPollingConnector;
import org.govbus.connectors.jdbc.JdbcSourceOptions;
import org.govbus.core.spi.SourceDefinition;
import org.govbus.routes.ingest.CompareIngest;
import org.govbus.routes.ingest.FileDropIngest;
import org.govbus.routes.bus.EmbeddedBroker;
import org.govbus.routes.ingest.IngestPipeline;
import org.govbus.routes.ingest.QueueIngest;
import org.govbus.routes.ingest.SourceRoutes;
import org.govbus.routes.store.SharedStore;
import org.govbus.schemas.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sources that run, each with its pipeline and its Camel route, started and stopped while GovBus runs
 * (plugins come and go). Stopping a route waits for its batch in flight, which commits or rolls back whole.
 */
public class SourceRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SourceRegistry.class);

    /** A running source and where its plugin came from. */
    public record Running(IngestPipeline pipeline, String origin) {
    }

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, AutoCloseable> closers = new ConcurrentHashMap<>();
    private final EmbeddedBroker broker;
    private final CamelContext camel;
    private final SharedStore store;
    private final SchemaRegistry registry;
    private final QueryService queries;
    private final org.govbus.app.access.DatasetCatalog catalog;
    private final long pollMillis;

    public SourceRegistry(CamelContext camel, SharedStore store, SchemaRegistry registry, QueryService queries,
            GovBusProperties props, EmbeddedBroker broker, org.govbus.app.access.DatasetCatalog catalog) {
        this.catalog = catalog;
        this.broker = broker;
        this.camel = camel;
        this.store = store;
        this.registry = registry;
        this.queries = queries;
        this.pollMillis = props.pollInterval().toMillis();
    }

    /**
     * Starts a source: registers its schema, prepares its dataset table, and starts its polling route when
     * it has a connector. Checks everything before starting anything, so a bad definition starts nothing.
     */
    public synchronized void start(SourceDefinition source, String origin, ClassLoader loader) throws Exception {
        Running earlier = running.get(source.name());
        if (earlier != null) {
            throw new IllegalStateException("source " + source.name() + " is already run by " + earlier.origin());
        }
        JdbcPollingConnector connector = null;
        FileDropConnector files = null;
        switch (source.connector()) {
            case "jdbc-poll", "jdbc-compare" -> connector = new JdbcPollingConnector(JdbcSourceOptions.from(source.options()));
            case "file-drop" -> files = new FileDropConnector(FileDropOptions.from(source.options()));
            case "http-push", "jms-queue" -> {
                // pushed, or consumed from the source's queue below
            }
            default -> throw new IllegalArgumentException("source " + source.name() + " asks for connector '"
                    + source.connector() + "'; this version has: jdbc-poll, jdbc-compare, file-drop, jms-queue, http-push");
        }
        IngestPipeline pipeline = IngestPipeline.create(source, "jdbc-poll".equals(source.connector()) ? connector : null,
                registry, store, loader);
        if (catalog.servedLive(source.dataset())) {
            serveLive(source, pipeline);
        } else {
            queries.addStoreDataset(source.dataset(), source.agency(), pipeline.schema());
        }
        if (connector != null && source.connector().equals("jdbc-compare")) {
            closers.put(source.name(), connector);
            camel.addRoutes(new SourceRoutes(source.name(), new CompareIngest(pipeline, connector, store.dataSource()),
                    pollMillis));
        } else if (connector != null) {
            camel.addRoutes(new SourceRoutes(source.name(), pipeline, pollMillis));
        } else if (files != null) {
            camel.addRoutes(new SourceRoutes(source.name(), new FileDropIngest(pipeline, files, store), pollMillis));
        } else if (source.connector().equals("jms-queue")) {
            QueueIngest queue = new QueueIngest(pipeline, broker.connectionFactory(),
                    Integer.parseInt(source.options().getOrDefault("batch-size", "500")));
            closers.put(source.name(), queue);
            camel.addRoutes(new SourceRoutes(source.name(), queue, pollMillis));
        }
        running.put(source.name(), new Running(pipeline, origin));
        LOG.info("source {} running ({} -> {}, from {})", source.name(), source.connector(), source.dataset(), origin);
    }

    /**
     * Serves a dataset live from the source's database: the connector's table, read through the plugin's mapping;
     * the source's {@code live-columns} option ({@code canonical=LEGACY,...}) says which canonical columns a legacy
     * column holds as is, so that equalities on them reach the source.
     */
    private void serveLive(SourceDefinition source, IngestPipeline pipeline) {
        if (!source.connector().startsWith("jdbc-")) {
            throw new IllegalArgumentException("dataset " + source.dataset() + " is to be served live, but its source "
                    + source.name() + " is " + source.connector() + "; only jdbc-poll and jdbc-compare sources have a "
                    + "database to read live");
        }
        JdbcSourceOptions o = JdbcSourceOptions.from(source.options());
        java.util.Map<String, String> columns = new java.util.LinkedHashMap<>();
        String declared = source.options().getOrDefault("live-columns", "");
        for (String pair : declared.split(",")) {
            String[] kv = pair.trim().split("=");
            if (kv.length == 2) {
                columns.put(kv[0].trim(), kv[1].trim());
            }
        }
        com.zaxxer.hikari.HikariConfig c = new com.zaxxer.hikari.HikariConfig();
        c.setPoolName("live-" + source.name());
        c.setJdbcUrl(o.jdbcUrl());
        c.setUsername(o.user());
        c.setPassword(o.password());
        c.setReadOnly(true);
        c.setMaximumPoolSize(4);
        com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(c);
        livePools.add(pool);
        queries.addLiveDataset(source.dataset(), source.agency(), pipeline.schema(), pool, o.table(), source.mapper(), columns);
        LOG.info("dataset {} is served live from {} (table {}, looked up by {})", source.dataset(), source.name(), o.table(),
                columns.keySet());
    }

    private final java.util.List<com.zaxxer.hikari.HikariDataSource> livePools = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Closes the pools of live datasets. */
    public void close() {
        livePools.forEach(com.zaxxer.hikari.HikariDataSource::close);
    }

    /** Stops a source's route and forgets it; stored data stays. */
    public synchronized void stop(String name) throws Exception {
        Running r = running.remove(name);
        if (r == null) {
            return;
        }
        String routeId = SourceRoutes.routeId(name);
        if (camel.getRoute(routeId) != null) {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
        r.pipeline().close();
        AutoCloseable extra = closers.remove(name);
        if (extra != null) {
            extra.close();
        }
        LOG.info("source {} stopped", name);
    }

    public Optional<IngestPipeline> pipeline(String name) {
        return Optional.ofNullable(running.get(name)).map(Running::pipeline);
    }

    /** Running sources by name. */
    public Map<String, Running> running() {
        return new TreeMap<>(running);
    }

    /** Names of the running sources whose plugin came from an origin. */
    public List<String> from(String origin) {
        return running.entrySet().stream().filter(e -> e.getValue().origin().equals(origin)).map(Map.Entry::getKey).toList();
    }
}
