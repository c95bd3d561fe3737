package org.govbus.app.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * CIVIL's marriage registration table {@code HYDJ_DJXX}, as the legacy system has it: pinyin-initial column
 * names, codes, dates as 'yyyyMMdd' text. Works on any JDBC database with MariaDB/MySQL syntax.
 */
public final class CivilDemoDatabase {

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String[] OFFICES = {"110105001", "110108002", "310104003", "440305004"};

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final DemoPeople people;

    public CivilDemoDatabase(String jdbcUrl, String user, String password, long seed) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.people = new DemoPeople(seed);
    }

    /** DDL of the legacy table. */
    public static final String DDL = "CREATE TABLE IF NOT EXISTS HYDJ_DJXX ("
            + "DJBH VARCHAR(32) NOT NULL PRIMARY KEY, YWLX CHAR(2) NOT NULL, NAN_XM VARCHAR(50), NAN_SFZH CHAR(18), "
            + "NV_XM VARCHAR(50), NV_SFZH CHAR(18), DJRQ CHAR(8), DJJG_DM VARCHAR(12), ZT CHAR(1), "
            + "GXSJ DATETIME(3) NOT NULL, INDEX HYDJ_GXSJ (GXSJ, DJBH)) DEFAULT CHARSET=utf8mb4";

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** Creates the table and seeds it with {@code count} registrations unless it has rows already. */
    public List<String[]> seed(int count) throws SQLException {
        List<String[]> couples = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(DDL);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM HYDJ_DJXX")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return couples;
                }
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(insertSql())) {
                LocalDateTime base = LocalDateTime.now().minusDays(1).withNano(0);
                for (int i = 1; i <= count; i++) {
                    couples.add(bind(ps, String.format("DJ%08d", i), "01", base.plusSeconds(i)));
                    ps.addBatch();
                    if (i % 500 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return couples;
    }

    /** A clerk's minute of work: registers {@code added} new couples and revokes or reissues one record. */
    public void clerkWork(int added) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            long n;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM HYDJ_DJXX")) {
                rs.next();
                n = rs.getLong(1);
            }
            LocalDateTime now = LocalDateTime.now();
            try (PreparedStatement ps = c.prepareStatement(insertSql())) {
                for (int i = 1; i <= added; i++) {
                    bind(ps, String.format("DJ%08d", n + i), "01", now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (n > 0) {
                Random r = people.random();
                try (PreparedStatement ps = c.prepareStatement("UPDATE HYDJ_DJXX SET YWLX = ?, ZT = ?, GXSJ = ? WHERE DJBH = ?")) {
                    boolean divorce = r.nextBoolean();
                    ps.setString(1, divorce ? "02" : "03");
                    ps.setString(2, divorce ? "0" : "1");
                    ps.setTimestamp(3, Timestamp.valueOf(now));
                    ps.setString(4, String.format("DJ%08d", 1 + r.nextInt((int) n)));
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }

    private static String insertSql() {
        return "INSERT INTO HYDJ_DJXX (DJBH, YWLX, NAN_XM, NAN_SFZH, NV_XM, NV_SFZH, DJRQ, DJJG_DM, ZT, GXSJ) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /** Binds one couple; returns {husband ID, wife ID, registration number, husband name, wife name}. */
    private String[] bind(PreparedStatement ps, String djbh, String ywlx, LocalDateTime gxsj) throws SQLException {
        DemoPeople.Person husband = people.next(true, 1965, 1998);
        DemoPeople.Person wife = people.next(false, 1967, 2000);
        Random r = people.random();
        LocalDate registered = LocalDate.of(2010 + r.nextInt(15), 1 + r.nextInt(12), 1 + r.nextInt(28));
        ps.setString(1, djbh);
        ps.setString(2, ywlx);
        ps.setString(3, husband.name());
        ps.setString(4, husband.idNumber());
        ps.setString(5, wife.name());
        ps.setString(6, wife.idNumber());
        ps.setString(7, registered.format(YYYYMMDD));
        ps.setString(8, OFFICES[r.nextInt(OFFICES.length)]);
        ps.setString(9, "1");
        ps.setTimestamp(10, Timestamp.valueOf(gxsj));
        return new String[] {husband.idNumber(), wife.idNumber(), djbh, husband.name(), wife.name()};
    }
}
