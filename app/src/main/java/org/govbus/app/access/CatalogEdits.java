package org.govbus.app.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.govbus.app.config.GovBusProperties;
import org.govbus.app.config.PlatformTables;
import tools.jackson.databind.json.JsonMapper;

/** The catalog entries' edits, kept in the platform database so that they outlive a restart. */
public class CatalogEdits {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DataSource dataSource;

    public CatalogEdits(DataSource dataSource) {
        this.dataSource = dataSource;
        PlatformTables.create(dataSource, "catalog edit",
                "CREATE TABLE IF NOT EXISTS govbus.catalog_edit (dataset VARCHAR(128) PRIMARY KEY, setting VARCHAR(20000) NOT NULL)");
    }

    /** Applies every stored edit to the catalog. */
    public void applyTo(DatasetCatalog catalog) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT dataset, setting FROM govbus.catalog_edit")) {
            while (rs.next()) {
                catalog.applyEdit(rs.getString(1), JSON.readValue(rs.getString(2), GovBusProperties.CatalogSetting.class));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the catalog edits: " + e.getMessage(), e);
        }
    }

    public void save(String dataset, GovBusProperties.CatalogSetting setting) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "MERGE INTO govbus.catalog_edit (dataset, setting) KEY (dataset) VALUES (?, ?)")) {
            ps.setString(1, dataset);
            ps.setString(2, JSON.writeValueAsString(setting));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the catalog edit of " + dataset + ": " + e.getMessage(), e);
        }
    }

    /** The setting as the audit log records it. */
    public static String describeSetting(GovBusProperties.CatalogSetting s) {
        return JSON.writeValueAsString(s);
    }
}
