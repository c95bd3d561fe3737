package org.govbus.app.ingest;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.govbus.core.spi.RoutePlugin;

/** The route plugins on the class path, by name. Two plugins with one name are refused. */
public final class RoutePlugins {

    private final Map<String, RoutePlugin> byName = new TreeMap<>();

    public RoutePlugins(ClassLoader loader) {
        for (RoutePlugin p : ServiceLoader.load(RoutePlugin.class, loader)) {
            RoutePlugin earlier = byName.putIfAbsent(p.name(), p);
            if (earlier != null) {
                throw new IllegalStateException("two route plugins are named '" + p.name() + "': "
                        + earlier.getClass().getName() + " and " + p.getClass().getName() + "; rename one");
            }
        }
    }

    public Map<String, RoutePlugin> all() {
        return Map.copyOf(byName);
    }

    /** The plugin of a name; the error lists the names there are. */
    public RoutePlugin byName(String name) {
        RoutePlugin p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no route plugin named '" + name + "'; installed: " + byName.keySet());
        }
        return p;
    }
}
