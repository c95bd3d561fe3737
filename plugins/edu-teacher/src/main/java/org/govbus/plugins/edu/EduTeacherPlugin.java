package org.govbus.plugins.edu;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govbus.core.spi.RoutePlugin;
import org.govbus.core.spi.SourceDefinition;

/**
 * The education bureau's teacher qualification system. Settings: {@code jdbc-url}, {@code user},
 * {@code password}, optionally {@code batch-size} and {@code zone} (time zone of {@code update_time},
 * default Asia/Shanghai).
 */
public final class EduTeacherPlugin implements RoutePlugin {

    /** The source name: agency, then the legacy system. */
    public static final String SOURCE = "edu.jszg";

    @Override
    public String name() {
        return "edu-teacher";
    }

    @Override
    public List<SourceDefinition> sources(Map<String, String> settings) {
        if (!settings.containsKey("jdbc-url")) {
            throw new IllegalArgumentException("plugin edu-teacher needs setting jdbc-url "
                    + "(govbus.plugins.edu-teacher.jdbc-url), the JDBC URL of the jszg_zsxx database");
        }
        Map<String, String> options = new HashMap<>(settings);
        options.put("table", "jszg_zsxx");
        options.put("watermark-column", "update_time");
        options.put("key-column", "zsbh");
        options.putIfAbsent("batch-size", "500");
        return List.of(new SourceDefinition(SOURCE, "EDU", "edu.teacher_certificate",
                "org.govbus.canonical.TeacherCertificate", "certificate_no", "jdbc-poll", options,
                Set.of("sfzjhm", "holder_id_number"),
                new JszgMapper(ZoneId.of(settings.getOrDefault("zone", "Asia/Shanghai")))));
    }
}
