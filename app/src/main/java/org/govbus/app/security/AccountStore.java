package org.govbus.app.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.govbus.app.config.SecretFiles;
import org.govbus.core.access.Role;
import org.govbus.core.crypto.PasswordHash;
import org.govbus.core.crypto.Sm3;

/**
 * People's accounts (passwords as Argon2id), their roles, and their sessions (a token per login, stored as its
 * SM3 hash, valid for a working day). Role checks live in {@link Role}: the three officers are separate.
 */
public class AccountStore {

    public static final String PLATFORM = "PLATFORM";
    static final Duration SESSION = Duration.ofHours(8);

    private final DataSource dataSource;

    /** An account as shown: never its password hash. */
    public record Account(String username, String agency, Set<Role> roles, Instant createdAt, Instant disabledAt) {
    }

    public AccountStore(DataSource dataSource) {
        this.dataSource = dataSource;
        org.govbus.app.config.PlatformTables.create(dataSource, "account",
                "CREATE TABLE IF NOT EXISTS govbus.person_account (username VARCHAR(64) PRIMARY KEY, "
                    + "agency VARCHAR(64) NOT NULL, password_hash VARCHAR(256) NOT NULL, roles VARCHAR(256) NOT NULL, "
                    + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, disabled_at TIMESTAMP WITH TIME ZONE)",
                "CREATE TABLE IF NOT EXISTS govbus.person_session (token_hash CHAR(64) PRIMARY KEY, "
                    + "username VARCHAR(64) NOT NULL, expires_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }

    /** Creates an account with a new random password, returned the only time it is seen. */
    public String create(String username, String agency, Set<Role> roles) {
        String why = Role.refusal(agency, roles, PLATFORM);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        if (username == null || !username.matches("[a-z][a-z0-9._-]{2,63}")) {
            throw new IllegalArgumentException("a username is 3-64 lower-case letters, digits, '.', '_' or '-', "
                    + "starting with a letter");
        }
        String password = SecretFiles.newSecret().substring(0, 24);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO govbus.person_account VALUES (?, ?, ?, ?, ?, NULL)")) {
            ps.setString(1, username);
            ps.setString(2, agency.toUpperCase(Locale.ROOT));
            ps.setString(3, PasswordHash.hash(password));
            ps.setString(4, encode(roles));
            ps.setObject(5, Instant.now().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                throw new IllegalStateException("account " + username + " exists");
            }
            throw new IllegalStateException("cannot create account " + username + ": " + e.getMessage(), e);
        }
        return password;
    }

    /** Replaces an account's roles; returns the roles it had. */
    public Set<Role> setRoles(String username, Set<Role> roles) {
        Account a = find(username).orElseThrow(() -> new IllegalArgumentException("no account " + username));
        String why = Role.refusal(a.agency(), roles, PLATFORM);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        update("UPDATE govbus.person_account SET roles = ? WHERE username = ?", encode(roles), username);
        // Sessions carry the roles they were opened with: end them, so the change holds from the next request.
        update("DELETE FROM govbus.person_session WHERE username = ?", username);
        return a.roles();
    }

    /** Logs a person in: a session token, or empty for a wrong name or password or a disabled account. */
    public Optional<String> login(String username, String password) {
        String stored = null;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT password_hash FROM govbus.person_account WHERE username = ? AND disabled_at IS NULL")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    stored = rs.getString(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read accounts", e);
        }
        // An unknown name costs the same as a wrong password, so names cannot be probed by timing.
        boolean ok = PasswordHash.matches(password, stored == null ? DUMMY : stored) && stored != null;
        if (!ok) {
            return Optional.empty();
        }
        String token = SecretFiles.newSecret();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO govbus.person_session VALUES (?, ?, ?)")) {
            ps.setString(1, Sm3.hex(token));
            ps.setString(2, username);
            ps.setObject(3, Instant.now().plus(SESSION).atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a session", e);
        }
        return Optional.of(token);
    }

    private static final String DUMMY = PasswordHash.hash("no such account");

    /** The person a session token belongs to, if it is current and the account enabled. */
    public Optional<Caller> authenticate(String token) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT a.username, a.agency, a.roles FROM govbus.person_session s JOIN govbus.person_account a "
                        + "ON a.username = s.username WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled_at IS NULL")) {
            ps.setString(1, Sm3.hex(token));
            ps.setObject(2, Instant.now().atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Caller(rs.getString(2), null, rs.getString(1), decode(rs.getString(3))))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot check a session", e);
        }
    }

    public Optional<Account> find(String username) {
        return list().stream().filter(a -> a.username().equals(username)).findFirst();
    }

    public List<Account> list() {
        List<Account> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM govbus.person_account ORDER BY username")) {
            while (rs.next()) {
                OffsetDateTime disabled = rs.getObject("disabled_at", OffsetDateTime.class);
                out.add(new Account(rs.getString("username"), rs.getString("agency"), decode(rs.getString("roles")),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(), disabled == null ? null : disabled.toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read accounts", e);
        }
        return out;
    }

    /** True when any account holds the role. */
    public boolean anyWith(Role role) {
        return list().stream().anyMatch(a -> a.roles().contains(role));
    }

    private void update(String sql, String a, String b) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, a);
            if (b != null) {
                ps.setString(2, b);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void update(String sql, String a) {
        update(sql, a, null);
    }

    static String encode(Set<Role> roles) {
        return new TreeSet<>(roles).stream().map(Role::name).collect(Collectors.joining(","));
    }

    static Set<Role> decode(String roles) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        if (roles != null && !roles.isBlank()) {
            Arrays.stream(roles.split(",")).map(String::trim).map(Role::valueOf).forEach(out::add);
        }
        return out;
    }
}
