package org.govbus.app.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.govbus.app.config.SecretFiles;
import org.govbus.core.crypto.Sm3;

/**
 * System credentials: the SM3 hash of each token, never the token. Tokens are 256-bit random values, so a
 * fast hash is enough; a revoked token stops working at the next request.
 */
public class CredentialStore {

    private final DataSource dataSource;

    public CredentialStore(DataSource dataSource) {
        this.dataSource = dataSource;
        org.govbus.app.config.PlatformTables.create(dataSource, "credential",
                "CREATE TABLE IF NOT EXISTS govbus.system_credential (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                    + "agency VARCHAR(64) NOT NULL, system_name VARCHAR(128) NOT NULL, token_hash CHAR(64) NOT NULL UNIQUE, "
                    + "created_at TIMESTAMP NOT NULL, revoked_at TIMESTAMP)");
    }

    /** Makes a new token for a system of an agency and returns it: the only time it is seen in clear. */
    public String issue(String agency, String system) {
        String token = SecretFiles.newSecret();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO govbus.system_credential (agency, system_name, token_hash, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, agency);
            ps.setString(2, system);
            ps.setString(3, Sm3.hex(token));
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store a credential for " + agency + "/" + system, e);
        }
        return token;
    }

    /** The caller a token belongs to, if it is known and not revoked. */
    public Optional<Caller> authenticate(String token) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT agency, system_name FROM govbus.system_credential WHERE token_hash = ? AND revoked_at IS NULL")) {
            ps.setString(1, Sm3.hex(token));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Caller(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check a credential", e);
        }
    }

    /** A system of an agency and its tokens' state. */
    public record SystemInfo(String agency, String system, int activeTokens, Instant lastIssued) {
    }

    /** The systems of an agency. */
    public java.util.List<SystemInfo> systems(String agency) {
        java.util.List<SystemInfo> out = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT system_name, SUM(CASE WHEN revoked_at IS NULL THEN 1 ELSE 0 END), MAX(created_at) "
                        + "FROM govbus.system_credential WHERE agency = ? GROUP BY system_name ORDER BY system_name")) {
            ps.setString(1, agency);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SystemInfo(agency, rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read credentials", e);
        }
        return out;
    }

    /** Revokes every token of a system, effective on its next request; returns how many were revoked. */
    public int revoke(String agency, String system) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE govbus.system_credential SET revoked_at = ? WHERE agency = ? AND system_name = ? AND revoked_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, agency);
            ps.setString(3, system);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot revoke credentials", e);
        }
    }

    /** True when the agency has any credential, revoked or not. */
    public boolean hasAny(String agency) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM govbus.system_credential WHERE agency = ?")) {
            ps.setString(1, agency);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read credentials", e);
        }
    }
}
