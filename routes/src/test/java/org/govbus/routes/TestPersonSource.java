package org.govbus.routes;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.govbus.core.id.CitizenIdNumber;
import org.govbus.core.record.Problems;
import org.govbus.core.spi.RecordMapper;
import org.govbus.core.spi.SourceDefinition;

/** A small legacy table in H2 and its mapping, for route tests. */
final class TestPersonSource {

    /** When set, the mapping takes any ID number: a "fixed plugin" for retry tests. */
    static volatile boolean lenient;

    private TestPersonSource() {
    }

    static SourceDefinition definition(String jdbcUrl, int batchSize) {
        Map<String, String> options = Map.of("jdbc-url", jdbcUrl, "table", "RK_RYXX", "watermark-column", "GXSJ",
                "key-column", "RYBH", "batch-size", String.valueOf(batchSize));
        return new SourceDefinition("test.rk", "TEST", "test.person", "org.govbus.test.TestPerson", "person_no",
                "jdbc-poll", options, Set.of("SFZH", "id_number"), new RecordMapper() {
                    @Override
                    public Map<String, Object> map(Map<String, Object> row, Problems problems) {
                        Map<String, Object> v = new HashMap<>();
                        v.put("person_no", row.get("RYBH"));
                        v.put("name", row.get("XM"));
                        String id = (String) row.get("SFZH");
                        if (!lenient) {
                            CitizenIdNumber.problem(id).ifPresent(p -> problems.add("SFZH", id, "id-number", p));
                        }
                        v.put("id_number", id);
                        v.put("born_on", id != null && CitizenIdNumber.isValid(id) ? CitizenIdNumber.birthDate(id) : null);
                        return v;
                    }

                    @Override
                    public String legacyKey(Map<String, Object> row) {
                        return (String) row.get("RYBH");
                    }
                });
    }

    static void create(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE RK_RYXX (RYBH VARCHAR(20) PRIMARY KEY, XM VARCHAR(50), SFZH VARCHAR(40), "
                    + "GXSJ TIMESTAMP NOT NULL)");
        }
    }

    static void upsert(String jdbcUrl, String key, String name, String id, String gxsj) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
                var ps = c.prepareStatement("MERGE INTO RK_RYXX (RYBH, XM, SFZH, GXSJ) KEY (RYBH) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, name);
            ps.setString(3, id);
            ps.setTimestamp(4, java.sql.Timestamp.valueOf(gxsj));
            ps.executeUpdate();
        }
    }
}
