package org.govbus.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.govbus.connectors.file.FileDropConnector;
import org.govbus.connectors.file.FileDropOptions;
import org.govbus.core.id.CitizenIdNumber;
import org.govbus.core.spi.SourceDefinition;
import org.govbus.routes.ingest.BatchOutcome;
import org.govbus.routes.ingest.FileDropIngest;
import org.govbus.routes.ingest.IngestPipeline;
import org.govbus.routes.store.SharedStore;
import org.govbus.schemas.SchemaRegistry;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File drops in the encodings legacy exports use, with the bad input they carry: every good record lands,
 * every bad one is named in the archive's report and the dead letters, and a restart in the middle of a file
 * stores nothing twice.
 */
class FileDropIngestTest {

    static final Charset GBK = Charset.forName("GBK");

    @TempDir
    Path dir;
    JdbcConnectionPool ds;
    SharedStore store;
    SchemaRegistry registry;

    @BeforeEach
    void setUp() {
        ds = JdbcConnectionPool.create("jdbc:h2:file:" + dir.resolve("store"), "sa", "");
        store = new SharedStore(ds);
        registry = new SchemaRegistry(ds);
    }

    @AfterEach
    void tearDown() {
        ds.dispose();
    }

    FileDropIngest ingest(String encoding, int batch) throws Exception {
        return ingest(encoding, batch, "csv");
    }

    FileDropIngest ingest(String encoding, int batch, String format) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("inbox", dir.resolve("inbox").toString(), "encoding", encoding,
                "batch-size", String.valueOf(batch), "stable-for", "0s", "format", format));
        SourceDefinition base = TestPersonSource.definition("jdbc:h2:mem:unused", batch);
        SourceDefinition def = new SourceDefinition(base.name(), base.agency(), base.dataset(), base.schema(),
                base.keyField(), "file-drop", options, base.sensitiveIdFields(), base.mapper());
        IngestPipeline pipeline = IngestPipeline.create(def, null, registry, store, null);
        return new FileDropIngest(pipeline, new FileDropConnector(FileDropOptions.from(options)), store);
    }

    static String id(int i) {
        return CitizenIdNumber.of("110105", LocalDate.of(1980, 1, 1).plusDays(i), i % 1000);
    }

    void drop(String name, byte[] content) throws Exception {
        Files.createDirectories(dir.resolve("inbox"));
        Files.write(dir.resolve("inbox").resolve(name), content);
        Files.writeString(dir.resolve("inbox").resolve(name + ".done"), "");
    }

    int drain(FileDropIngest ingest) throws Exception {
        int read = 0;
        BatchOutcome o;
        do {
            o = ingest.runOnce();
            read += o.read();
        } while (o.more());
        return read;
    }

    long count(String sql) throws Exception {
        try (var c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldLandEveryGoodRecordOfAGbkFileAndNameEachBadOne() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("RYBH,XM,SFZH,GXSJ\r\n".getBytes(GBK));
        out.write(("P001,张三," + id(1) + ",2026-11-26 10:00:00\r\n").getBytes(GBK));
        out.write(("P002,\"李,四\"," + id(2) + ",2026-11-26 10:00:00\r\n").getBytes(GBK));        // quoted comma
        out.write(("P003,\"王\r\n五\"," + id(3) + ",2026-11-26 10:00:00\r\n").getBytes(GBK));    // quoted newline
        out.write("P004,".getBytes(GBK));
        out.write(new byte[] {(byte) 0x81, (byte) 0x20});                                          // not GBK
        out.write(("," + id(4) + ",2026-11-26 10:00:00\r\n").getBytes(GBK));
        out.write(("P005,赵六," + id(5) + "\r\n").getBytes(GBK));                                  // a column short
        out.write(("P006,钱七,110105198001010000,2026-11-26 10:00:00\r\n").getBytes(GBK));         // bad ID number
        out.write(("P007,\"<script>alert(1)</script>\"," + id(7) + ",2026-11-26 10:00:00\r\n").getBytes(GBK));
        out.write(("P008,\"孙八 unterminated," + id(8) + ",2026-11-26 10:00:00\r\n").getBytes(GBK)); // open quote
        drop("hydj-20261126.csv", out.toByteArray());

        drain(ingest("GBK", 3));

        assertThat(count("SELECT COUNT(*) FROM \"test\".\"person\"")).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM \"test\".\"person\" WHERE \"name\" = '李,四'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM \"test\".\"person\" WHERE \"name\" = '王' || CHAR(13) || CHAR(10) || '五'"))
                .isEqualTo(1);
        assertThat(Files.exists(dir.resolve("inbox/hydj-20261126.csv"))).isFalse();
        String report = Files.readString(dir.resolve("inbox/archive/hydj-20261126.csv.report.txt"));
        assertThat(report).contains("8 records, 4 rejected")
                .contains("record 4 (line 6)", "rule encoding")
                .contains("record 5 (line 7)", "rule column-count")
                .contains("record 6 (line 8), key P006", "field SFZH", "rule id-number")
                .contains("rule unterminated")
                .doesNotContain("110105198001010000");
        assertThat(store.deadLetters("test.rk", "OPEN", 100)).hasSize(4);
    }

    @Test
    void shouldReadUtf8WithABomAndGb18030() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        utf8.write(bom);
        utf8.write(("RYBH,XM,SFZH,GXSJ\nU001,𠀀张," + id(11) + ",2026-11-26 10:00:00\n").getBytes("UTF-8"));
        drop("a.csv", utf8.toByteArray());
        drain(ingest("UTF-8", 10));
        assertThat(count("SELECT COUNT(*) FROM \"test\".\"person\" WHERE \"person_no\" = 'U001'")).isEqualTo(1);

        Charset gb18030 = Charset.forName("GB18030");
        drop("b.csv", ("RYBH,XM,SFZH,GXSJ\nG001,𠀀李," + id(12) + ",2026-11-26 10:00:00\n").getBytes(gb18030));
        drain(ingest("GB18030", 10));
        assertThat(count("SELECT COUNT(*) FROM \"test\".\"person\" WHERE \"name\" = '𠀀李'")).isEqualTo(1);
    }

    @Test
    void shouldResumeAfterTheLastStoredRecordOfTheSameFile() throws Exception {
        StringBuilder csv = new StringBuilder("RYBH,XM,SFZH,GXSJ\n");
        for (int i = 1; i <= 25; i++) {
            csv.append(String.format("P%03d,人%d,%s,2026-11-26 10:00:00%n", i, i, id(i)));
        }
        drop("big.csv", csv.toString().getBytes(GBK));
        FileDropIngest first = ingest("GBK", 10);
        first.runOnce();                       // 10 records stored with the position in the file
        first.close();                         // "killed" here
        drain(ingest("GBK", 10));              // a new start of GovBus
        assertThat(count("SELECT COUNT(*) FROM govbus.record_history")).isEqualTo(25);
        assertThat(count("SELECT COUNT(DISTINCT record_key) FROM govbus.record_history")).isEqualTo(25);
        assertThat(Files.exists(dir.resolve("inbox/archive/big.csv"))).isTrue();
        assertThat(Files.exists(dir.resolve("inbox/archive/big.csv.report.txt"))).isFalse();
    }

    @Test
    void shouldWaitForAFileStillBeingWritten() throws Exception {
        Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(dir.resolve("inbox/late.csv"), "RYBH,XM,SFZH,GXSJ\n");
        Map<String, String> options = Map.of("inbox", dir.resolve("inbox").toString(), "stable-for", "60s");
        FileDropConnector slow = new FileDropConnector(FileDropOptions.from(options));
        assertThat(slow.nextReadyFile()).isEmpty();
        Files.writeString(dir.resolve("inbox/late.csv.done"), "");
        assertThat(slow.nextReadyFile()).contains(dir.resolve("inbox/late.csv"));
    }

    @Test
    void shouldReadJsonLinesRecordByRecord() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("{\"RYBH\": \"J001\", \"XM\": \"张三\", \"SFZH\": \"" + id(1) + "\"}\n").getBytes(GBK));
        out.write("{\"RYBH\": \"J002\", \"XM\": \n".getBytes(GBK));
        out.write("[1, 2]\n\n".getBytes(GBK));
        out.write("{\"RYBH\": \"J004\", \"XM\": \"".getBytes(GBK));
        out.write(new byte[] {(byte) 0x81, (byte) 0x20});
        out.write(("\", \"SFZH\": \"" + id(4) + "\"}\n").getBytes(GBK));
        out.write(("{\"RYBH\": \"J005\", \"XM\": \"李四\", \"SFZH\": \"" + id(5) + "\"}\n").getBytes(GBK));
        drop("people.jsonl", out.toByteArray());
        drain(ingest("GBK", 10, "jsonl"));
        assertThat(count("SELECT COUNT(*) FROM \"test\".\"person\"")).isEqualTo(2);
        String report = Files.readString(dir.resolve("inbox/archive/people.jsonl.report.txt"));
        assertThat(report).contains("5 records, 3 rejected", "record 2 (line 2)", "rule json",
                "record 3 (line 3)", "rule json-object", "record 4 (line 5)", "rule encoding");
    }

    @Test
    void shouldStreamXmlExportsAndRefuseEntities() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"GB18030\"?>\n<rows>\n"
                + "<row><RYBH>X001</RYBH><XM>张三</XM><SFZH>" + id(1) + "</SFZH></row>\n"
                + "<row><RYBH>X002</RYBH><XM><b>李</b></XM><SFZH>" + id(2) + "</SFZH></row>\n"
                + "<row><RYBH>X003</RYBH><XM>王五</XM><SFZH>" + id(3) + "</SFZH></row>\n"
                + "<row><RYBH>X004</RYBH><XM>赵六</XM>\n";
        drop("export.xml", xml.getBytes(Charset.forName("GB18030")));
        drain(ingest("GB18030", 10, "xml"));
        assertThat(count("SELECT COUNT(*) FROM \"test\".\"person\"")).isEqualTo(2);
        String report = Files.readString(dir.resolve("inbox/archive/export.xml.report.txt"));
        assertThat(report).contains("rule nested", "field XM", "rule xml");

        String evil = "<?xml version=\"1.0\"?>\n<!DOCTYPE rows [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + "<rows><row><RYBH>E001</RYBH><XM>&x;</XM><SFZH>" + id(9) + "</SFZH></row></rows>\n";
        drop("evil.xml", evil.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        drain(ingest("UTF-8", 10, "xml"));
        assertThat(count("SELECT COUNT(*) FROM \"test\".\"person\" WHERE \"person_no\" = 'E001'")).isZero();
    }
}
