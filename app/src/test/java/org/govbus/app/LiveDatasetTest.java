package org.govbus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.apache.avro.Schema;
import org.govbus.app.access.DatasetCatalog;
import org.govbus.app.access.GrantStore;
import org.govbus.app.access.UsageLog;
import org.govbus.app.audit.AuditLog;
import org.govbus.app.config.GovBusProperties;
import org.govbus.app.query.QueryRefusedException;
import org.govbus.app.query.QueryResult;
import org.govbus.app.query.QueryService;
import org.govbus.app.security.Caller;
import org.govbus.core.access.Grant;
import org.govbus.core.id.CitizenIdNumber;
import org.govbus.core.spi.RoutePlugin;
import org.govbus.core.spi.SourceDefinition;
import org.govbus.schemas.CanonicalSchemas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset served live from CIVIL's own database (an in-memory H2 in MySQL mode standing in for its MariaDB),
 * through the civil-marriage plugin's own mapping: nothing copied, the point lookup sent to the source, the guard
 * (masking, purpose binding) the same as for the store.
 */
class LiveDatasetTest {

    @TempDir
    static Path dir;
    static HikariDataSource platform;
    static HikariDataSource civil;
    static UsageLog usage;
    static QueryService queries;
    static final String HUSBAND = CitizenIdNumber.of("110105", java.time.LocalDate.of(1985, 6, 1), 11);
    static final String WIFE = CitizenIdNumber.of("440524", java.time.LocalDate.of(1987, 2, 3), 12);

    static HikariDataSource pool(String url, String user) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword("");
        c.setMaximumPoolSize(4);
        return new HikariDataSource(c);
    }

    @BeforeAll
    static void start() throws Exception {
        civil = pool("jdbc:h2:mem:civil-live;MODE=MySQL;DB_CLOSE_DELAY=-1", "sa");
        try (Connection c = civil.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE HYDJ_DJXX (DJBH VARCHAR(20) PRIMARY KEY, YWLX CHAR(2), NAN_XM VARCHAR(50), NAN_SFZH CHAR(18), "
                    + "NV_XM VARCHAR(50), NV_SFZH CHAR(18), DJRQ CHAR(8), DJJG_DM VARCHAR(12), ZT CHAR(1), GXSJ TIMESTAMP)");
            s.execute("INSERT INTO HYDJ_DJXX VALUES ('DJ1', '01', '王伟', '" + HUSBAND + "', '李娜', '" + WIFE + "', '20200101', "
                    + "'110105001', '1', TIMESTAMP '2026-11-01 10:00:00')");
            s.execute("INSERT INTO HYDJ_DJXX VALUES ('DJ2', '01', '张强', '" + CitizenIdNumber.of("110108", java.time.LocalDate.of(1980, 1, 1), 13)
                    + "', '刘芳', '" + CitizenIdNumber.of("110108", java.time.LocalDate.of(1981, 1, 1), 14) + "', '20210101', "
                    + "'110108002', '1', TIMESTAMP '2026-11-01 10:00:00')");
            // A record the mapping rejects (business type 09): not data, left out.
            s.execute("INSERT INTO HYDJ_DJXX VALUES ('DJ3', '09', '赵六', '" + HUSBAND + "', '李娜', '" + WIFE + "', '20200101', "
                    + "'110105001', '1', TIMESTAMP '2026-11-01 10:00:00')");
        }
        String url = "jdbc:h2:file:" + dir.resolve("govbus");
        platform = pool(url, "sa");
        AuditLog audit = new AuditLog(platform, dir);
        GrantStore grants = new GrantStore(platform, audit);
        grants.add(new Grant("live-1", "civil.marriage_registration", "APPROVAL", Set.of("husband_id_number", "wife_id_number"),
                Map.of(), true, Instant.EPOCH, null, null), "test");
        usage = new UsageLog(platform);
        queries = new QueryService(platform, url, new GovBusProperties.Query(100, Duration.ofSeconds(10), 1000),
                new DatasetCatalog(Map.of()), grants, usage);
        RoutePlugin plugin = ServiceLoader.load(RoutePlugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("civil-marriage")).findFirst().orElseThrow();
        SourceDefinition def = plugin.sources(Map.of("jdbc-url", "jdbc:h2:mem:civil-live", "user", "sa")).get(0);
        Schema schema = CanonicalSchemas.byName(def.schema());
        queries.addLiveDataset("civil.marriage_registration", "CIVIL", schema, civil, "HYDJ_DJXX", def.mapper(),
                Map.of("registration_no", "DJBH", "husband_id_number", "NAN_SFZH", "wife_id_number", "NV_SFZH"));
    }

    @AfterAll
    static void stop() {
        queries.close();
        usage.close();
        platform.close();
        civil.close();
    }

    @Test
    void theProviderReadsItsLiveDataMappedAndFreshWithoutACopy() throws Exception {
        Caller civilSystem = new Caller("CIVIL", "civil-hydj");
        QueryResult all = queries.query(civilSystem, null, "SELECT registration_no, business_type, registered_on, husband_name "
                + "FROM civil.marriage_registration ORDER BY registration_no", List.of());
        assertThat(all.rows()).hasSize(2);
        assertThat(all.rows().get(0)).containsExactly("DJ1", "MARRIAGE", "2020-01-01", "王伟");
        try (Connection c = civil.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE HYDJ_DJXX SET NAN_XM = '王维' WHERE DJBH = 'DJ1'");
        }
        QueryResult fresh = queries.query(civilSystem, null, "SELECT husband_name FROM civil.marriage_registration "
                + "WHERE registration_no = ?", List.of("DJ1"));
        assertThat(fresh.rows()).containsExactly(List.of("王维"));
        assertThat(queries.liveStatements("civil.marriage_registration")).last().asString()
                .isEqualTo("SELECT * FROM HYDJ_DJXX WHERE DJBH = ?");
    }

    @Test
    void theApprovalSystemGetsThePersonItNamesMaskedAsItsGrantSaysAndNoBulkRead() {
        Caller approval = new Caller("APPROVAL", "approval-portal");
        QueryResult one = queries.query(approval, "spouse settlement", "SELECT registration_no, wife_id_number, wife_name "
                + "FROM civil.marriage_registration WHERE husband_id_number = ?", List.of(HUSBAND));
        assertThat(one.rows()).hasSize(1);
        assertThat(one.rows().get(0)).containsExactly("DJ1", WIFE, "李*");
        assertThat(queries.liveStatements("civil.marriage_registration")).last().asString()
                .isEqualTo("SELECT * FROM HYDJ_DJXX WHERE NAN_SFZH = ?");
        assertThatThrownBy(() -> queries.query(approval, "bulk", "SELECT COUNT(*) FROM civil.marriage_registration", List.of()))
                .isInstanceOf(QueryRefusedException.class).hasMessageContaining("bound to a purpose");
    }
}
