package org.entsso.sso.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.SqlServerUrls;

/**
 * How a node reaches the SSO database, read from the {@code database.*} keys of its {@code node.properties}
 * ({@link NodeConfigFile}). Every hop is encrypted and authenticated by default (DESIGN.md decision 13): an H2 server
 * ({@code jdbc:h2:tcp://}) through the node's TLS tunnel, SQL Server with {@code encrypt=true} and a validated server
 * certificate. {@code database.plaintext=true} is the explicit opt-out, logged at WARN when the node starts
 * ({@link #plaintextWarning()}). Secrets are never held here, only the paths of the owner-only files that contain them.
 * Immutable.
 *
 * @param url the JDBC URL: as configured, or built from the {@code database.sqlserver.*} keys; never a password
 * @param user the database login, if any
 * @param passwordFile an owner-only file holding the login's password, if any
 * @param trustStorePasswordFile an owner-only file holding the SQL Server trust store's password, if any
 * @param plaintext the explicit opt-out: an H2 TCP URL is used without the tunnel, a SQL Server URL may turn off
 *     encryption or certificate validation
 */
public record DatabaseSettings(
        String url,
        Optional<String> user,
        Optional<Path> passwordFile,
        Optional<Path> trustStorePasswordFile,
        boolean plaintext) {
    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(trustStorePasswordFile, "trustStorePasswordFile");
    }

    /** Whether the node reaches the database through its TLS tunnel: an H2 TCP URL without the opt-out. */
    public boolean tunnelled() {
        return H2Urls.isTcp(url) && !plaintext;
    }

    /**
     * The WARN line a node logs once at start when {@code database.plaintext=true}: what is unprotected, or that the
     * key changes nothing. Empty without the opt-out.
     */
    public Optional<String> plaintextWarning() {
        if (!plaintext) {
            return Optional.empty();
        }
        if (H2Urls.isTcp(url)) {
            return Optional.of("database.plaintext=true: the connection to the SSO database " + url
                    + " is neither encrypted nor is the server authenticated (explicit opt-out of the TLS tunnel)");
        }
        List<String> unprotected = SqlServerUrls.isSqlServer(url) ? SqlServerUrls.unprotectedSettings(url) : List.of();
        if (!unprotected.isEmpty()) {
            return Optional.of("database.plaintext=true: the connection to the SSO database " + url + " has "
                    + String.join(" and ", unprotected)
                    + (unprotected.stream().anyMatch(u -> u.startsWith("encrypt="))
                            ? ": it is not encrypted"
                            : ": the server certificate is not validated, so the server is not authenticated")
                    + " (explicit opt-out)");
        }
        return Optional.of("database.plaintext=true changes nothing for the SSO database " + url
                + ": the connection is local or encrypted and authenticated; remove the key");
    }
}
