package org.govbus.app.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param jdbcPort     port of the JDBC endpoint (Avatica, protobuf over HTTP); 0 for any free port, -1 for none
 * @param catalog      share type (and legal basis) per dataset, {@code govbus.catalog.<agency>.<dataset>.*};
 *                     a dataset not listed is CONDITIONAL
 * @param grants       grants given by configuration, beside those the sharing workflow gives
 * @param sharing      the sharing workflow's deadlines
 * @param usageRetention how long the usage log keeps a use (at least 3 years, 2025 regulation); older ones are
 *                     purged daily
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
        @DefaultValue("2s") Duration pluginScanInterval,
        @DefaultValue("8765") int jdbcPort,
        Map<String, Map<String, CatalogSetting>> catalog,
        List<GrantSetting> grants,
        @DefaultValue Sharing sharing,
        @DefaultValue("1096d") Duration usageRetention) {

    public GovBusProperties {
        plugins = plugins == null ? Map.of() : plugins;
        catalog = catalog == null ? Map.of() : catalog;
        grants = grants == null ? List.of() : grants;
        dataDir = dataDir.toAbsolutePath().normalize();
        pluginsDir = (pluginsDir == null ? dataDir.resolve("plugins") : pluginsDir).toAbsolutePath().normalize();
    }

    /**
     * @param maxRows        most rows one query returns; more are cut and the answer says so
     * @param timeout        longest a query may run
     * @param streamMaxRows  most rows of an answer streamed as NDJSON
     */
    public record Query(@DefaultValue("10000") int maxRows, @DefaultValue("30s") Duration timeout,
            @DefaultValue("1000000") long streamMaxRows) {
    }

    /**
     * A dataset's catalog entry (fields of the national cataloguing guide, ../shared/DOMAIN.md).
     *
     * @param shareType   UNCONDITIONAL, CONDITIONAL or NOT_SHARED
     * @param legalBasis  why a NOT_SHARED dataset is not shared
     * @param code        the resource code
     * @param name        the resource name
     * @param summary     what it holds
     * @param format      how it is offered (for example "database table")
     * @param conditions  the share conditions of a CONDITIONAL dataset
     * @param scope       who it may be shared with, and for what
     * @param updateCycle how often it changes (for example "real time", "daily")
     * @param publishDate when it was published in the catalog
     * @param provider    the providing agency of a dataset GovBus does not serve (catalogued only)
     * @param items       the data items of a dataset GovBus does not serve; served ones take theirs from the schema
     * @param servedFrom  {@code store} (the shared store, default) or {@code live} (the department's own database,
     *                    through its plugin's mapping; the source must be jdbc-poll or jdbc-compare and declare
     *                    {@code live-columns})
     */
    public record CatalogSetting(@DefaultValue("CONDITIONAL") String shareType, String legalBasis, String code,
            String name, String summary, String format, String conditions, String scope, String updateCycle,
            java.time.LocalDate publishDate, String provider, List<ItemSetting> items,
            @DefaultValue("store") String servedFrom) {

        /** A setting with a share type and legal basis only. */
        public static CatalogSetting of(String shareType, String legalBasis) {
            return new CatalogSetting(shareType, legalBasis, null, null, null, null, null, null, null, null, null, null, "store");
        }
    }

    /**
     * @param name      the item's column name
     * @param type      its type
     * @param sensitive how it is masked (id_number, mobile, name, full), none when not sensitive
     * @param doc       what it means
     */
    public record ItemSetting(String name, String type, String sensitive, String doc) {
    }

    /**
     * @param answerWorkingDays  working days a provider has to answer a sharing request
     * @param zone               the time zone working days are counted in
     * @param escalationInterval how often overdue requests are looked for and escalated to the platform
     */
    public record Sharing(@DefaultValue("10") int answerWorkingDays, @DefaultValue("Asia/Shanghai") java.time.ZoneId zone,
            @DefaultValue("10m") Duration escalationInterval) {
    }

    /**
     * A grant given by configuration.
     *
     * @param id           its identifier
     * @param dataset      {@code <agency>.<dataset>}
     * @param grantee      the agency that may read
     * @param clearColumns sensitive columns shown in clear
     * @param rowFilter    column to the values whose rows may be read
     * @param purposeBound each query must name the person it is about
     * @param validUntil   end of the grant, none when absent
     */
    public record GrantSetting(String id, String dataset, String grantee, List<String> clearColumns,
            Map<String, List<String>> rowFilter, boolean purposeBound, java.time.Instant validUntil) {
    }
}
