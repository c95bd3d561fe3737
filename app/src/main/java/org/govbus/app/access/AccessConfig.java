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

    /** The demo's NOT_SHARED dataset: catalogued with its legal basis, never served. */
    static final GovBusProperties.CatalogSetting DEMO_NOT_SHARED = new GovBusProperties.CatalogSetting("NOT_SHARED",
            "Civil Code art. 1110: the secrecy of an adoption is kept when the adopters or the placing party ask for it",
            "MZ-SYDJ-0001", "收养登记信息 (adoption registrations)", "Adoptions registered by the civil-affairs bureau.",
            null, null, null, "real time", java.time.LocalDate.of(2026, 11, 1), "CIVIL", List.of(
                    new GovBusProperties.ItemSetting("registration_no", "string", null, "Registration number"),
                    new GovBusProperties.ItemSetting("adopter_id_number", "string", "id_number", "Adopter's ID number"),
                    new GovBusProperties.ItemSetting("child_id_number", "string", "id_number", "Child's ID number"),
                    new GovBusProperties.ItemSetting("registered_on", "date", null, "Date of registration")), "store");

    @Bean
    public CatalogEdits catalogEdits(DataSource dataSource) {
        return new CatalogEdits(dataSource);
    }

    @Bean
    public DatasetCatalog datasetCatalog(GovBusProperties props, CatalogEdits edits) {
        Map<String, Map<String, GovBusProperties.CatalogSetting>> settings = new LinkedHashMap<>();
        props.catalog().forEach((k, v) -> settings.put(k, new LinkedHashMap<>(v)));
        if (props.demo()) {
            settings.computeIfAbsent("civil", k -> new LinkedHashMap<>()).putIfAbsent("adoption_registration", DEMO_NOT_SHARED);
        }
        DatasetCatalog catalog = new DatasetCatalog(settings);
        edits.applyTo(catalog);
        return catalog;
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

    @Bean
    public SharingService sharingService(DataSource dataSource, DatasetCatalog catalog, GrantStore grants, AuditLog audit,
            GovBusProperties props) {
        return new SharingService(dataSource, catalog, grants, audit, props.sharing().answerWorkingDays(),
                props.sharing().zone());
    }

    /** Looks for overdue sharing requests and escalates them to the platform. */
    @Bean
    public Escalation sharingEscalation(SharingService sharing) {
        return new Escalation(sharing);
    }

    /** The periodic escalation of overdue requests. */
    public static final class Escalation {
        private final SharingService sharing;

        Escalation(SharingService sharing) {
            this.sharing = sharing;
        }

        @org.springframework.scheduling.annotation.Scheduled(initialDelayString = "${govbus.sharing.escalation-interval:10m}",
                fixedDelayString = "${govbus.sharing.escalation-interval:10m}")
        public void run() {
            sharing.escalateOverdue();
        }
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
