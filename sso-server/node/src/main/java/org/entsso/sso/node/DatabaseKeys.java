package org.entsso.sso.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.entsso.sso.config.PropertiesFile;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.SqlServerConnectionSettings;
import org.entsso.sso.store.SqlServerUrls;

/**
 * Reads the {@code database.*} keys of {@code node.properties} into {@link DatabaseSettings}: either a JDBC URL
 * ({@code database.url}) or SQL Server's availability-group settings ({@code database.sqlserver.*}, built into a URL by
 * {@link SqlServerConnectionSettings}), never both. A setting that leaves the connection unencrypted or the server
 * unauthenticated is refused unless {@code database.plaintext=true} opts out explicitly. Every mistake is one sentence
 * naming the key ({@link PropertiesFile#error}). Stateless.
 */
final class DatabaseKeys {
    static final String URL = "database.url";
    static final String PLAINTEXT = "database.plaintext";
    private static final String SQL = "database.sqlserver.";
    static final String LISTENER = SQL + "listener";
    static final String DATABASE = SQL + "database";
    static final String MULTI_SUBNET_FAILOVER = SQL + "multiSubnetFailover";
    static final String CONNECT_RETRY_COUNT = SQL + "connectRetryCount";
    static final String CONNECT_RETRY_INTERVAL = SQL + "connectRetryInterval";
    static final String LOGIN_TIMEOUT = SQL + "loginTimeout";
    static final String ENCRYPT = SQL + "encrypt";
    static final String TRUST_SERVER_CERTIFICATE = SQL + "trustServerCertificate";
    static final String TRUST_STORE = SQL + "trustStore";
    static final String TRUST_STORE_PASSWORD_FILE = SQL + "trustStorePasswordFile";
    static final String HOST_NAME_IN_CERTIFICATE = SQL + "hostNameInCertificate";

    /** The SQL Server keys, in the order the documentation lists them. */
    static final List<String> SQL_SERVER_KEYS = List.of(
            LISTENER,
            DATABASE,
            MULTI_SUBNET_FAILOVER,
            CONNECT_RETRY_COUNT,
            CONNECT_RETRY_INTERVAL,
            LOGIN_TIMEOUT,
            ENCRYPT,
            TRUST_SERVER_CERTIFICATE,
            TRUST_STORE,
            TRUST_STORE_PASSWORD_FILE,
            HOST_NAME_IN_CERTIFICATE);

    /** Every key this class reads. */
    static final Set<String> KEYS =
            Set.copyOf(concat(List.of(URL, "database.user", "database.passwordFile", PLAINTEXT), SQL_SERVER_KEYS));

    private final PropertiesFile props;
    private final boolean plaintext;

    private DatabaseKeys(PropertiesFile props) {
        this.props = props;
        this.plaintext = props.flag(PLAINTEXT, false);
    }

    /** The database settings of {@code props}. */
    static DatabaseSettings parse(PropertiesFile props) {
        return new DatabaseKeys(props).parse();
    }

    private DatabaseSettings parse() {
        List<String> sqlServerKeys = SQL_SERVER_KEYS.stream()
                .filter(k -> props.optional(k).isPresent())
                .toList();
        boolean hasUrl = props.optional(URL).isPresent();
        if (hasUrl && !sqlServerKeys.isEmpty()) {
            throw props.error(
                    URL,
                    "cannot be combined with the database.sqlserver.* keys (" + String.join(", ", sqlServerKeys)
                            + "): give either a JDBC URL or the SQL Server keys");
        }
        if (!hasUrl && sqlServerKeys.isEmpty()) {
            throw props.error(URL, "is required, or the SQL Server keys " + LISTENER + " and " + DATABASE);
        }
        String url = hasUrl ? checkedUrl(props.required(URL)) : sqlServerUrl();
        return new DatabaseSettings(
                url,
                props.optional("database.user"),
                props.optional("database.passwordFile").map(k -> props.existing("database.passwordFile")),
                props.optional(TRUST_STORE_PASSWORD_FILE).map(k -> props.existing(TRUST_STORE_PASSWORD_FILE)),
                plaintext);
    }

    private String checkedUrl(String url) {
        if (!url.startsWith("jdbc:")) {
            throw props.error(URL, "must be a JDBC URL starting with jdbc:");
        }
        if (url.toLowerCase(Locale.ROOT).contains("password=")) {
            throw props.error(
                    URL,
                    "must not contain a password; put the login's in database.passwordFile, and use"
                            + " the database.sqlserver.* keys with " + TRUST_STORE_PASSWORD_FILE
                            + " for a trust store");
        }
        if (H2Urls.isH2Ssl(url)) {
            throw props.error(
                    URL,
                    "uses H2's ssl:// mode, which authenticates nobody (anonymous cipher suites, the JVM's"
                            + " default TLS context): use jdbc:h2:tcp://, which the node carries through its TLS"
                            + " tunnel");
        }
        if (H2Urls.isTcp(url) && !plaintext) {
            try {
                H2Urls.tcpServer(url);
            } catch (IllegalArgumentException e) {
                throw props.error(
                        URL,
                        e.getMessage() + ": the node's TLS tunnel reaches one H2 server"
                                + " (jdbc:h2:tcp://host:port/database)");
            }
        }
        if (SqlServerUrls.isSqlServer(url) && !plaintext) {
            List<String> unprotected = SqlServerUrls.unprotectedSettings(url);
            if (!unprotected.isEmpty()) {
                throw props.error(
                        URL,
                        "has " + String.join(" and ", unprotected) + ", which leaves the SQL Server"
                                + " connection unencrypted or its server unauthenticated: remove it (encrypt=true and"
                                + " certificate validation are the default), or set " + PLAINTEXT
                                + "=true to opt out explicitly (logged at start)");
            }
        }
        return url;
    }

    private String sqlServerUrl() {
        String listener = props.optional(LISTENER)
                .orElseThrow(() -> props.error(
                        LISTENER,
                        "is required with the other database.sqlserver.* keys: the availability group listener (or the"
                                + " instance) as host or host:port"));
        String database = props.optional(DATABASE)
                .orElseThrow(() -> props.error(
                        DATABASE, "is required with " + LISTENER + ": the SSO database's name, such as SSODB"));
        SqlServerConnectionSettings.Builder b = listener(listener, database);
        b.multiSubnetFailover(props.flag(MULTI_SUBNET_FAILOVER, true));
        b.connectRetry(
                (int) count(CONNECT_RETRY_COUNT, 3, 0, 255),
                seconds(CONNECT_RETRY_INTERVAL, Duration.ofSeconds(10), 1, 60));
        b.loginTimeout(seconds(LOGIN_TIMEOUT, Duration.ofSeconds(30), 1, 65535));
        String encrypt = props.optional(ENCRYPT).orElse("true").toLowerCase(Locale.ROOT);
        if (!Set.of("true", "strict", "false").contains(encrypt)) {
            throw props.error(ENCRYPT, "must be true, strict or false, not '" + props.required(ENCRYPT) + "'");
        }
        requireOptOut(ENCRYPT, encrypt.equals("false"), "leaves the connection unencrypted");
        b.encrypt(encrypt);
        boolean trustAny = props.flag(TRUST_SERVER_CERTIFICATE, false);
        requireOptOut(
                TRUST_SERVER_CERTIFICATE,
                trustAny,
                "accepts any server certificate, so the server is not" + " authenticated");
        b.trustServerCertificate(trustAny);
        props.optional(HOST_NAME_IN_CERTIFICATE)
                .map(h -> requireUrlSafe(HOST_NAME_IN_CERTIFICATE, h))
                .ifPresent(b::hostNameInCertificate);
        if (props.optional(TRUST_STORE).isPresent()) {
            Path trustStore = props.existing(TRUST_STORE);
            requireUrlSafe(TRUST_STORE, trustStore.toString());
            // The password is read when the node starts, never kept here (DatabaseAccess).
            b.trustStore(trustStore, null);
        } else if (props.optional(TRUST_STORE_PASSWORD_FILE).isPresent()) {
            throw props.error(TRUST_STORE_PASSWORD_FILE, "needs " + TRUST_STORE + ", the trust store it opens");
        }
        return b.build().jdbcUrl();
    }

    private SqlServerConnectionSettings.Builder listener(String listener, String database) {
        String host = listener;
        Integer port = null;
        int colon = listener.lastIndexOf(':');
        if (colon >= 0 && listener.indexOf(':') == colon) {
            host = listener.substring(0, colon);
            String p = listener.substring(colon + 1);
            port = p.matches("[0-9]{1,5}") ? Integer.parseInt(p) : 0;
            if (host.isBlank() || port < 1 || port > 65535) {
                throw props.error(
                        LISTENER,
                        "must be host or host:port, such as sql-ag.corp.example:1433, not '" + listener + "'");
            }
        }
        if (requireUrlSafe(LISTENER, host).length() > 253) {
            throw props.error(LISTENER, "names a host longer than 253 characters");
        }
        if (requireUrlSafe(DATABASE, database).length() > 128) {
            throw props.error(DATABASE, "is longer than SQL Server's 128 characters");
        }
        SqlServerConnectionSettings.Builder b = SqlServerConnectionSettings.builder(host, database);
        return port == null ? b : b.port(port);
    }

    /**
     * Refuses the characters that delimit a JDBC URL's properties, so that no value can add a setting of its own
     * (such as {@code ;encrypt=false}) to the URL built from the keys.
     */
    private String requireUrlSafe(String key, String value) {
        if (value.chars().anyMatch(c -> c == ';' || c == '=' || c == '{' || c == '}' || Character.isISOControl(c))) {
            throw props.error(key, "must not contain ';', '=', '{', '}' or control characters");
        }
        return value;
    }

    private void requireOptOut(String key, boolean unprotected, String what) {
        if (unprotected && !plaintext) {
            throw props.error(
                    key, what + ": remove it, or set " + PLAINTEXT + "=true to opt out explicitly (logged at start)");
        }
    }

    private long count(String key, long fallback, long minimum, long maximum) {
        Optional<String> value = props.optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!value.get().matches("[0-9]{1,9}")
                || Long.parseLong(value.get()) < minimum
                || Long.parseLong(value.get()) > maximum) {
            throw props.error(key, "must be a whole number " + minimum + "-" + maximum + ", not '" + value.get() + "'");
        }
        return Long.parseLong(value.get());
    }

    /** A duration in whole seconds within {@code [minimum, maximum]} seconds. */
    private Duration seconds(String key, Duration fallback, long minimum, long maximum) {
        Duration d = props.duration(key, fallback, Duration.ofSeconds(minimum), "10s or 10000");
        if (d.toSeconds() > maximum || d.toMillis() % 1000 != 0) {
            throw props.error(
                    key, "must be whole seconds from " + minimum + "s to " + maximum + "s, not " + props.required(key));
        }
        return d;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
