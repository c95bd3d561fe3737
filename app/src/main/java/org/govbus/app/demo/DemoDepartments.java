package org.govbus.app.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.govbus.app.config.GovBusProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The demo departments, started with {@code --govbus.demo=true}: CIVIL's marriage registrations in an
 * embedded MariaDB and EDU's teacher certificates in an embedded PostgreSQL, both under
 * {@code <data-dir>/demo} and seeded once with 1,000 records each.
 */
public final class DemoDepartments implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDepartments.class);
    /** Seed of the synthetic people: the same demo world on every machine. */
    private static final long SEED = 20261126L;

    private final EmbeddedDatabases.MariaDb civil;
    private final EmbeddedPostgres edu;
    private final CivilDemoDatabase civilDb;
    private final java.nio.file.Path exports;

    public DemoDepartments(GovBusProperties props) throws Exception {
        Path dir = props.dataDir().resolve("demo");
        civil = EmbeddedDatabases.startMariaDb(dir.resolve("civil-mariadb"), "civil");
        civilDb = new CivilDemoDatabase(civil.url(), "root", "", SEED);
        List<String[]> couples = civilDb.seed(1000);
        edu = EmbeddedDatabases.startPostgres(dir.resolve("edu-postgres"));
        EduDemoDatabase eduDb = new EduDemoDatabase(eduUrl(), "postgres", "postgres", SEED + 1);
        eduDb.seed(1000, couples);
        exports = dir.resolve("edu-exports");
        java.nio.file.Path tonight = exports.resolve("jszg_" + java.time.LocalDate.now().format(
                java.time.format.DateTimeFormatter.BASIC_ISO_DATE) + ".csv");
        if (!java.nio.file.Files.exists(exports.resolve("archive").resolve(tonight.getFileName()))) {
            eduDb.exportCsv(tonight);
            LOG.info("Demo EDU: tonight's GB18030 export written to {}", tonight);
        }
        LOG.info("Demo CIVIL: MariaDB {} table HYDJ_DJXX{}", civil.url(),
                couples.isEmpty() ? " (seeded at an earlier start)" : " (seeded now with " + couples.size() + " registrations)");
        LOG.info("Demo EDU: PostgreSQL {} table jszg_zsxx", eduUrl());
    }

    public String eduUrl() {
        return edu.getJdbcUrl("postgres", "postgres");
    }

    /** Settings of the civil-marriage plugin for the demo database. */
    public Map<String, String> civilPluginSettings() {
        return Map.of("jdbc-url", civil.url(), "user", "root", "password", "");
    }

    /** Settings of the edu-teacher plugin for the demo database. */
    public Map<String, String> eduPluginSettings() {
        return Map.of("jdbc-url", eduUrl(), "user", "postgres", "password", "postgres",
                "export-inbox", exports.toString());
    }

    /** The CIVIL clerk's work of one minute: two new couples, one divorce or reissue. */
    public void clerkMinute() {
        try {
            civilDb.clerkWork(2);
        } catch (Exception e) {
            LOG.warn("demo clerk at CIVIL could not work this minute: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() throws Exception {
        try {
            edu.close();
        } finally {
            civil.close();
        }
    }
}
