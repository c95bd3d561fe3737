package org.govbus.app.access;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.govbus.app.audit.AuditLog;
import org.govbus.app.config.GovBusProperties;
import org.govbus.core.access.Grant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The catalog's rules and the grants; grants of the configuration are stored at start (once each). */
@Configuration(proxyBeanMethods = false)
public class AccessConfig {

    /**
     * The demo's grants: APPROVAL reads marriage registrations and teacher certificates person by person, names
     * and ID numbers in clear, for the spouse-settlement question of ../shared/DOMAIN.md.
     */
    public static final List<GovBusProperties.GrantSetting> DEMO_GRANTS = List.of(
            new GovBusProperties.GrantSetting("demo-approval-marriage", "civil.marriage_registration", "APPROVAL",
                    List.of("husband_name", "husband_id_number", "wife_name", "wife_id_number"), Map.of(), true, null),
            new GovBusProperties.GrantSetting("demo-approval-teacher", "edu.teacher_certificate", "APPROVAL",
                    List.of("holder_name", "holder_id_number"), Map.of(), true, null));

    @Bean
    public DatasetCatalog datasetCatalog(GovBusProperties props) {
        return new DatasetCatalog(props.catalog());
    }

    @Bean
    public GrantStore grantStore(DataSource dataSource, AuditLog audit, GovBusProperties props) {
        GrantStore store = new GrantStore(dataSource, audit);
        List<GovBusProperties.GrantSetting> settings = new java.util.ArrayList<>(props.grants());
        if (props.demo()) {
            settings.addAll(DEMO_GRANTS);
        }
        for (GovBusProperties.GrantSetting s : settings) {
            store.add(toGrant(s), "configuration");
        }
        return store;
    }

    static Grant toGrant(GovBusProperties.GrantSetting s) {
        Map<String, Set<String>> filter = new LinkedHashMap<>();
        if (s.rowFilter() != null) {
            s.rowFilter().forEach((k, v) -> filter.put(k, new LinkedHashSet<>(v)));
        }
        return new Grant(s.id(), s.dataset(), s.grantee(),
                s.clearColumns() == null ? Set.of() : new LinkedHashSet<>(s.clearColumns()), filter, s.purposeBound(),
                Instant.EPOCH, s.validUntil(), null);
    }
}
