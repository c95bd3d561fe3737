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
import java.util.List;
import java.util.Random;
import org.govbus.core.id.CitizenIdNumber;

/**
 * EDU's teacher qualification table {@code jszg_zsxx} in PostgreSQL, as the legacy system has it. Some
 * teachers are spouses in CIVIL's registrations, so the spouse-settlement question has answers.
 */
public final class EduDemoDatabase {

    private static final String[] LEVELS = {"幼儿园", "小学", "初级中学", "高级中学", "中等职业学校"};
    private static final String[] SUBJECTS = {"语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "音乐", "体育"};
    private static final String[] AUTHORITIES = {"北京市朝阳区教育委员会", "上海市徐汇区教育局", "南京市教育局", "深圳市教育局"};

    /** DDL of the legacy table. */
    public static final String DDL = "CREATE TABLE IF NOT EXISTS jszg_zsxx (zsbh CHAR(17) PRIMARY KEY, "
            + "xm VARCHAR(50) NOT NULL, sfzjhm CHAR(18) NOT NULL, xb CHAR(1) NOT NULL, zgzl VARCHAR(20) NOT NULL, "
            + "rjxk VARCHAR(20), rdjg VARCHAR(100), rdrq DATE, zczt VARCHAR(10), yxqz DATE, "
            + "update_time TIMESTAMP NOT NULL)";

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final DemoPeople people;

    public EduDemoDatabase(String jdbcUrl, String user, String password, long seed) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.people = new DemoPeople(seed);
    }

    /**
     * Writes the nightly export as the bureau's system does: a GB18030 CSV with a header, then a done-file.
     * One line carries an ID number with a wrong check character, as real exports sometimes do, so that the
     * archive's report has something to show.
     */
    public void exportCsv(java.nio.file.Path file) throws SQLException, java.io.IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Path part = file.resolveSibling(file.getFileName() + ".part");
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT zsbh, xm, sfzjhm, xb, zgzl, rjxk, rdjg, rdrq, zczt, yxqz, update_time "
                        + "FROM jszg_zsxx ORDER BY zsbh");
                org.apache.commons.csv.CSVPrinter out = new org.apache.commons.csv.CSVPrinter(
                        java.nio.file.Files.newBufferedWriter(part, java.nio.charset.Charset.forName("GB18030")),
                        org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader("zsbh", "xm", "sfzjhm", "xb", "zgzl",
                                "rjxk", "rdjg", "rdrq", "zczt", "yxqz", "update_time").get())) {
            boolean flawed = false;
            while (rs.next()) {
                String id = rs.getString(3);
                if (!flawed) {
                    id = id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
                    flawed = true;
                }
                out.printRecord(rs.getString(1), rs.getString(2), id, rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getDate(8) == null ? "" : rs.getDate(8).toLocalDate().toString(), rs.getString(9),
                        rs.getDate(10) == null ? "" : rs.getDate(10).toLocalDate().toString(),
                        rs.getTimestamp(11).toLocalDateTime().toString().replace('T', ' '));
            }
        }
        java.nio.file.Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        java.nio.file.Files.writeString(file.resolveSibling(file.getFileName() + ".done"), "");
    }

    /**
     * Creates the table and seeds {@code count} certificates unless it has rows already; every third teacher
     * is a spouse from {@code couples} ({husband ID, wife ID, registration number, husband name, wife name}).
     */
    public void seed(int count, List<String[]> couples) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            s.execute(DDL);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM jszg_zsxx")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            c.setAutoCommit(false);
            Random r = people.random();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO jszg_zsxx (zsbh, xm, sfzjhm, xb, zgzl, rjxk, "
                    + "rdjg, rdrq, zczt, yxqz, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    String id;
                    String name;
                    if (i % 3 == 0 && i / 3 < couples.size()) {
                        String[] couple = couples.get(i / 3);
                        int who = r.nextBoolean() ? 0 : 1;
                        id = couple[who];
                        name = couple[3 + who];
                    } else {
                        DemoPeople.Person p = people.next(r.nextBoolean(), 1965, 2000);
                        id = p.idNumber();
                        name = p.name();
                    }
                    LocalDate certified = LocalDate.of(2005 + r.nextInt(20), 1 + r.nextInt(12), 1 + r.nextInt(28));
                    ps.setString(1, String.format("%04d%02d%011d", certified.getYear(), 11 + r.nextInt(50), i + 1L));
                    ps.setString(2, name);
                    ps.setString(3, id);
                    ps.setString(4, CitizenIdNumber.isMale(id) ? "1" : "2");
                    ps.setString(5, LEVELS[r.nextInt(LEVELS.length)]);
                    ps.setString(6, SUBJECTS[r.nextInt(SUBJECTS.length)]);
                    ps.setString(7, AUTHORITIES[r.nextInt(AUTHORITIES.length)]);
                    ps.setObject(8, certified);
                    ps.setString(9, r.nextInt(10) == 0 ? "未注册" : "已注册");
                    ps.setObject(10, certified.plusYears(5 + r.nextInt(10)));
                    ps.setTimestamp(11, Timestamp.valueOf(LocalDateTime.now().withNano(0)));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }
}
