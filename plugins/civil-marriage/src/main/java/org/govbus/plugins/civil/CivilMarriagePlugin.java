package org.govbus.plugins.civil;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.govbus.core.spi.RoutePlugin;
import org.govbus.core.spi.SourceDefinition;

/**
 * The civil-affairs bureau's marriage registration system. Settings: {@code jdbc-url}, {@code user},
 * {@code password}, optionally {@code batch-size} and {@code zone} (the time zone of GXSJ, default
 * Asia/Shanghai).
 */
public final class CivilMarriagePlugin implements RoutePlugin {

    /** The source name. */
    public static final String SOURCE = "civil.hydj";

    @Override
    public String name() {
        return "civil-marriage";
    }

    @Override
    public List<SourceDefinition> sources(Map<String, String> settings) {
        if (!settings.containsKey("jdbc-url")) {
            throw new IllegalArgumentException("plugin civil-marriage needs setting jdbc-url "
                    + "(govbus.plugins.civil-marriage.jdbc-url), the JDBC URL of the HYDJ_DJXX database");
        }
        Map<String, String> options = new HashMap<>(settings);
        options.put("table", "HYDJ_DJXX");
        options.put("watermark-column", "GXSJ");
        options.put("key-column", "DJBH");
        options.putIfAbsent("batch-size", "500");
        // Canonical columns HYDJ_DJXX holds as is: what a dataset served live can look up at the source.
        options.putIfAbsent("live-columns", "registration_no=DJBH,husband_id_number=NAN_SFZH,wife_id_number=NV_SFZH");
        return List.of(new SourceDefinition(SOURCE, "CIVIL", "civil.marriage_registration",
                "org.govbus.canonical.MarriageRegistration", "registration_no", "jdbc-poll", options,
                Set.of("NAN_SFZH", "NV_SFZH", "husband_id_number", "wife_id_number"),
                new HydjMapper(java.time.ZoneId.of(settings.getOrDefault("zone", "Asia/Shanghai")))));
    }
}
