package org.govbus.app.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.govbus.app.audit.AuditLog;
import org.govbus.app.config.GovBusProperties;
import org.govbus.app.demo.DemoDepartments;
import org.govbus.core.spi.RoutePlugin;
import org.govbus.core.spi.SourceDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The one way plugins arrive: through {@link ServiceLoader}, from the class path (the plugins GovBus bundles,
 * which run when they have settings) and from jars dropped into the plugins directory (which run at once,
 * with the settings of {@code <plugin-name>.properties} beside them and of {@code govbus.plugins.<name>.*}).
 * The directory is looked at again while GovBus runs: an added jar starts, a changed one is stopped and
 * started again, a removed one stops; no restart, and no batch in flight is lost. A broken plugin is refused
 * with its reason (GET /api/v1/plugins) and the others keep running.
 */
public class PluginLoader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    /** What became of one plugin. */
    public record Status(String plugin, String origin, String state, String message, List<String> sources) {
    }

    private record Jar(long size, long modified, URLClassLoader loader) {
    }

    private final GovBusProperties props;
    private final AuditLog audit;
    private final SourceRegistry sources;
    private final DemoDepartments demo;
    private final Map<Path, Jar> jars = new HashMap<>();
    private final Map<String, Status> statuses = new LinkedHashMap<>();
    private final Path cache;

    public PluginLoader(GovBusProperties props, SourceRegistry sources, DemoDepartments demo, AuditLog audit)
            throws IOException {
        this.audit = audit;
        this.props = props;
        this.sources = sources;
        this.demo = demo;
        this.cache = props.dataDir().resolve("plugin-cache");
        Files.createDirectories(props.pluginsDir());
        Files.createDirectories(cache);
        LOG.info("Plugins directory: {} (looked at every {})", props.pluginsDir(), props.pluginScanInterval());
        loadClassPath();
        scan();
    }

    /** The bundled plugins: each runs when it has settings (in demo mode the demo departments give them). */
    private void loadClassPath() {
        ClassLoader appLoader = getClass().getClassLoader();
        Map<String, Map<String, String>> settings = new LinkedHashMap<>(props.plugins());
        if (demo != null) {
            settings.putIfAbsent("civil-marriage", demo.civilPluginSettings());
            settings.putIfAbsent("edu-teacher", demo.eduPluginSettings());
        }
        Map<String, RoutePlugin> bundled = new TreeMap<>();
        for (RoutePlugin p : ServiceLoader.load(RoutePlugin.class, appLoader)) {
            bundled.put(p.name(), p);
        }
        for (Map.Entry<String, Map<String, String>> e : settings.entrySet()) {
            RoutePlugin p = bundled.get(e.getKey());
            if (p == null) {
                // Maybe a jar in the plugins directory: its settings are used when it is loaded.
                continue;
            }
            startPlugin(p, "class path", e.getValue(), appLoader);
        }
        bundled.keySet().stream().filter(n -> !settings.containsKey(n)).forEach(n -> statuses.put(n,
                new Status(n, "class path", "IDLE", "no settings: set govbus.plugins." + n + ".*", List.of())));
    }

    /** Looks at the plugins directory and applies what changed. */
    @Scheduled(initialDelayString = "${govbus.plugin-scan-interval:2s}", fixedDelayString = "${govbus.plugin-scan-interval:2s}")
    public synchronized void scan() {
        Map<Path, long[]> present = new HashMap<>();
        try (Stream<Path> files = Files.list(props.pluginsDir())) {
            files.filter(f -> f.getFileName().toString().endsWith(".jar")
                    || Files.isRegularFile(f.resolve(DECLARATION))).forEach(f -> {
                try {
                    present.put(f, stat(f));
                } catch (IOException ignored) {
                    // removed while listed
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot list the plugins directory {}: {}", props.pluginsDir(), e.getMessage());
            return;
        }
        for (Path gone : new ArrayList<>(jars.keySet())) {
            long[] now = present.get(gone);
            Jar was = jars.get(gone);
            if (now == null || now[0] != was.size() || now[1] != was.modified()) {
                unload(gone);
            }
        }
        present.forEach((file, stat) -> {
            if (!jars.containsKey(file) && stableFor(stat)) {
                load(file, stat);
            }
        });
    }

    /** The file a declarative plugin's folder holds. */
    static final String DECLARATION = "plugin.yaml";

    /** Size and time of a jar; for a folder, of all its files together (the newest time). */
    private static long[] stat(Path entry) throws IOException {
        if (!Files.isDirectory(entry)) {
            return new long[] {Files.size(entry), Files.getLastModifiedTime(entry).toMillis()};
        }
        long[] sum = {0, 0};
        try (Stream<Path> all = Files.walk(entry)) {
            for (Path f : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                sum[0] += Files.size(f);
                sum[1] = Math.max(sum[1], Files.getLastModifiedTime(f).toMillis());
            }
        }
        return sum;
    }

    /** A jar still being copied is left for the next look: its time must be a moment in the past. */
    private boolean stableFor(long[] stat) {
        return System.currentTimeMillis() - stat[1] >= 500;
    }

    private void load(Path file, long[] stat) {
        if (Files.isDirectory(file)) {
            loadDeclared(file, stat);
            return;
        }
        String origin = file.getFileName().toString();
        URLClassLoader loader;
        try {
            // Load from a private copy: the dropped jar may be replaced while its classes are in use.
            Path copy = cache.resolve(stat[1] + "-" + origin);
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            loader = new URLClassLoader("plugin:" + origin, new URL[] {copy.toUri().toURL()}, getClass().getClassLoader());
        } catch (IOException e) {
            refuse(origin, origin, "cannot read the jar: " + e.getMessage());
            return;
        }
        jars.put(file, new Jar(stat[0], stat[1], loader));
        List<RoutePlugin> found = new ArrayList<>();
        try {
            ServiceLoader.load(RoutePlugin.class, loader).stream()
                    .filter(p -> p.type().getClassLoader() == loader)
                    .forEach(p -> found.add(p.get()));
        } catch (Throwable e) {
            refuse(origin, origin, "its RoutePlugin cannot be instantiated: " + e);
            return;
        }
        if (found.isEmpty()) {
            refuse(origin, origin, "no route plugin in it: a jar needs META-INF/services/org.govbus.core.spi.RoutePlugin "
                    + "naming its RoutePlugin class");
            return;
        }
        for (RoutePlugin p : found) {
            Status earlier = statuses.get(p.name());
            if (earlier != null && !earlier.origin().equals(origin) && !"FAILED".equals(earlier.state())) {
                refuse(p.name(), origin, "a plugin named '" + p.name() + "' already comes from " + earlier.origin()
                        + "; rename one");
                continue;
            }
            startPlugin(p, origin, settings(p.name()), loader);
        }
    }

    /** A folder with plugin.yaml (and its own avro/*.avsc when it brings a schema): a plugin without Java. */
    private void loadDeclared(Path folder, long[] stat) {
        String origin = folder.getFileName().toString() + "/";
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("plugin:" + origin, new URL[] {folder.toUri().toURL()}, getClass().getClassLoader());
        } catch (IOException e) {
            refuse(origin, origin, "cannot read the folder: " + e.getMessage());
            return;
        }
        jars.put(folder, new Jar(stat[0], stat[1], loader));
        org.govbus.routes.declarative.DeclarativePlugin plugin;
        try {
            plugin = org.govbus.routes.declarative.DeclarativePlugin.read(folder.resolve(DECLARATION));
        } catch (IOException | RuntimeException e) {
            refuse(origin, origin, DECLARATION + " is not valid: " + e.getMessage());
            return;
        }
        Status earlier = statuses.get(plugin.name());
        if (earlier != null && !earlier.origin().equals(origin) && !"FAILED".equals(earlier.state())) {
            refuse(plugin.name(), origin, "a plugin named '" + plugin.name() + "' already comes from " + earlier.origin()
                    + "; rename one");
            return;
        }
        startPlugin(plugin, origin, settings(plugin.name()), loader);
    }

    private Map<String, String> settings(String plugin) {
        Map<String, String> s = new HashMap<>(props.plugins().getOrDefault(plugin, Map.of()));
        Path file = props.pluginsDir().resolve(plugin + ".properties");
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.warn("cannot read {}: {}", file, e.getMessage());
            }
            p.forEach((k, v) -> s.put(k.toString(), v.toString()));
        }
        return s;
    }

    private void startPlugin(RoutePlugin plugin, String origin, Map<String, String> settings, ClassLoader loader) {
        List<String> started = new ArrayList<>();
        try {
            List<SourceDefinition> defs = plugin.sources(settings);
            for (SourceDefinition d : defs) {
                sources.start(d, origin, loader);
                started.add(d.name());
            }
            statuses.put(plugin.name(), new Status(plugin.name(), origin, "RUNNING", null, List.copyOf(started)));
            audit.append("govbus", "plugin.start", plugin.name() + " from " + origin, null, "sources " + started);
            LOG.info("plugin {} from {}: running {}", plugin.name(), origin, started);
        } catch (Exception | LinkageError e) {
            for (String s : started) {
                stopQuietly(s);
            }
            refuse(plugin.name(), origin, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void unload(Path file) {
        Jar jar = jars.remove(file);
        String origin = file.getFileName() + (file.toString().endsWith(".jar") ? "" : "/");
        for (String source : sources.from(origin)) {
            stopQuietly(source);
        }
        statuses.values().removeIf(s -> s.origin().equals(origin));
        audit.append("govbus", "plugin.unload", origin, null, null);
        try {
            jar.loader().close();
        } catch (IOException ignored) {
            // nothing left to do
        }
        LOG.info("plugin jar {} unloaded", origin);
    }

    private void stopQuietly(String source) {
        try {
            sources.stop(source);
        } catch (Exception e) {
            LOG.warn("cannot stop source {}: {}", source, e.getMessage());
        }
    }

    private void refuse(String plugin, String origin, String message) {
        LOG.error("plugin {} from {} refused: {}", plugin, origin, message);
        audit.append("govbus", "plugin.refuse", plugin + " from " + origin, null, message);
        statuses.put(plugin, new Status(plugin, origin, "FAILED", message, List.of()));
    }

    /** Every plugin seen, with its state. */
    public synchronized List<Status> statuses() {
        return List.copyOf(statuses.values());
    }

    @Override
    public synchronized void close() {
        for (Path file : new ArrayList<>(jars.keySet())) {
            unload(file);
        }
    }
}
