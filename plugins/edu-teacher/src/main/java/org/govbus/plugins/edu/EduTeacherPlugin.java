package org.govbus.plugins.edu;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govbus.core.spi.RoutePlugin;
import org.govbus.core.spi.SourceDefinition;

/**
 * The education bureau's teacher qualification system, read two ways: its database table (settings
 * {@code jdbc-url}, {@code user}, {@code password}, optionally {@code batch-size}) and, when
 * {@code export-inbox} is set, its nightly GB18030 CSV export dropped into that folder (source
 * {@code edu.jszg-export}). Both feed one dataset: a record that arrives both ways is stored once. Optionally
 * {@code zone}, the time zone of {@code update_time} (default Asia/Shanghai).
 */
public final class EduTeacherPlugin implements RoutePlugin {

    /** The source name: agency, then the legacy system. */
    public static final String SOURCE = "edu.jszg";
    /** The nightly export of the same system. */
    public static final String EXPORT_SOURCE = "edu.jszg-export";

    @Override
    public String name() {
        return "edu-teacher";
    }

    @Override
    public List<SourceDefinition> sources(Map<String, String> settings) {
        if (!settings.containsKey("jdbc-url") && !settings.containsKey("export-inbox")) {
            throw new IllegalArgumentException("plugin edu-teacher needs setting jdbc-url "
                    + "(govbus.plugins.edu-teacher.jdbc-url, the JDBC URL of the jszg_zsxx database), "
                    + "export-inbox (the folder of its nightly CSV export), or both");
        }
        JszgMapper mapper = new JszgMapper(ZoneId.of(settings.getOrDefault("zone", "Asia/Shanghai")));
        Set<String> sensitive = Set.of("sfzjhm", "holder_id_number");
        List<SourceDefinition> sources = new java.util.ArrayList<>();
        if (settings.containsKey("jdbc-url")) {
            Map<String, String> options = new HashMap<>(settings);
            options.put("table", "jszg_zsxx");
            options.put("watermark-column", "update_time");
            options.put("key-column", "zsbh");
            options.putIfAbsent("batch-size", "500");
            // Canonical columns jszg_zsxx holds as is: what a dataset served live can look up at the source.
            options.putIfAbsent("live-columns", "certificate_no=zsbh,holder_id_number=sfzjhm");
            sources.add(new SourceDefinition(SOURCE, "EDU", "edu.teacher_certificate",
                    "org.govbus.canonical.TeacherCertificate", "certificate_no", "jdbc-poll", options, sensitive, mapper));
        }
        if (settings.containsKey("export-inbox")) {
            Map<String, String> options = Map.of("inbox", settings.get("export-inbox"), "pattern", "jszg_*.csv",
                    "encoding", "GB18030", "batch-size", settings.getOrDefault("batch-size", "1000"));
            sources.add(new SourceDefinition(EXPORT_SOURCE, "EDU", "edu.teacher_certificate",
                    "org.govbus.canonical.TeacherCertificate", "certificate_no", "file-drop", options, sensitive, mapper));
        }
        return List.copyOf(sources);
    }
}
