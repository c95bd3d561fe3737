package org.govbus.core.spi;

import java.util.List;
import java.util.Map;

/**
 * A department's route plugin: it names the sources it brings and how each is mapped. Found with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/org.govbus.core.spi.RoutePlugin} entry) and
 * picked by {@link #name()}.
 */
@Evolving
public interface RoutePlugin {

    /** Unique plugin name, for example {@code civil-marriage}. */
    String name();

    /**
     * The sources of this plugin.
     *
     * @param settings the plugin's settings from the GovBus configuration ({@code govbus.plugins.<name>.*}),
     *     for example the JDBC URL of the department's database
     */
    List<SourceDefinition> sources(Map<String, String> settings);
}
