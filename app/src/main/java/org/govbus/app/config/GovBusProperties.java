package org.govbus.app.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of GovBus, under {@code govbus.*}.
 *
 * @param dataDir      where GovBus keeps its platform database, broker journal, credentials and demo databases
 * @param demo         start the demo departments (CIVIL on embedded MariaDB, EDU on embedded PostgreSQL)
 * @param pollInterval how often each polling source and the outbox relay look for work
 * @param brokerPort   TCP port of the embedded broker on loopback, 0 for in-process only
 * @param plugins      settings per route plugin, {@code govbus.plugins.<plugin-name>.<key>}; a plugin runs
 *                     when it has settings (in demo mode the demo gives CIVIL's)
 * @param query        limits of the query API
 * @param pluginsDir   where plugin jars are dropped, with their settings as {@code <plugin-name>.properties};
 *                     default {@code <data-dir>/plugins}
 * @param pluginScanInterval how often the plugins directory is looked at for added, changed or removed jars
 */
@ConfigurationProperties("govbus")
public record GovBusProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("false") boolean demo,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("0") int brokerPort,
        Map<String, Map<String, String>> plugins,
        @DefaultValue Query query,
        Path pluginsDir,
        @DefaultValue("2s") Duration pluginScanInterval) {

    public GovBusProperties {
        plugins = plugins == null ? Map.of() : plugins;
        dataDir = dataDir.toAbsolutePath().normalize();
        pluginsDir = (pluginsDir == null ? dataDir.resolve("plugins") : pluginsDir).toAbsolutePath().normalize();
    }

    /**
     * @param maxRows        most rows one query returns; more are cut and the answer says so
     * @param timeout        longest a query may run
     */
    public record Query(@DefaultValue("10000") int maxRows, @DefaultValue("30s") Duration timeout) {
    }
}
