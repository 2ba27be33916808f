package org.entsso.sso.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.config.PropertiesFile;
import org.entsso.sso.server.LookupSettings;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.transport.TlsSettings;

/**
 * Reads a node's {@code node.properties}. Every mistake is one clear sentence naming the file and the key, as an
 * {@link SsoException} with {@link SsoError#INVALID_ARGUMENT}; unknown keys are refused, so a typo never silently
 * falls back to a default. Relative paths are resolved against the file's folder.
 *
 * <pre>
 * node.name=node1                          required
 * node.host=127.0.0.1                      default 127.0.0.1
 * node.roles=sso-server,master-secret-server   default both; sso-server is required
 * cluster.name=cluster1                    default cluster1
 * zookeeper.connect=127.0.0.1:2181         required
 * zookeeper.sessionTimeout=4s              default 4s (at least 1s)
 * zookeeper.authFile=zk-auth               optional, owner-only, user:password
 * zookeeper.tls=true                       default true: TLS with the tls.* files; false is the logged plaintext opt-out
 * database.url=jdbc:h2:tcp://...           required unless database.sqlserver.* is given; no password in it
 * database.user=sso                        optional (default sa)
 * database.passwordFile=db-password        optional, owner-only; the password of database.user (or sa)
 * database.plaintext=false                 default false; true: explicit opt-out of TLS to the database (WARN)
 * database.sqlserver.listener=ag:1433      instead of database.url: the AG listener (or instance), host[:port]
 * database.sqlserver.database=SSODB        required with database.sqlserver.listener
 * database.sqlserver.multiSubnetFailover=true   default true
 * database.sqlserver.connectRetryCount=3   default 3 (0-255)
 * database.sqlserver.connectRetryInterval=10s   default 10s (1s-60s)
 * database.sqlserver.loginTimeout=30s      default 30s
 * database.sqlserver.encrypt=true          default true (true, strict; false needs database.plaintext=true)
 * database.sqlserver.trustServerCertificate=false   default false (true needs database.plaintext=true)
 * database.sqlserver.trustStore=sql-ca.p12 optional, exists: the CA of the SQL Server certificate
 * database.sqlserver.trustStorePasswordFile=sql-ca.pwd   optional, owner-only, needs trustStore
 * database.sqlserver.hostNameInCertificate=ag.corp   optional: the name in the server certificate
 * api.port=8443                            required
 * mss.port=8444                            required, differs from api.port
 * tls.keyStore=node.p12                    required, exists
 * tls.keyStorePasswordFile=node.p12.pwd    required, exists
 * tls.trustStore=ca.pem                    required, exists
 * tls.crl=ca.crl                           optional, exists: certificates the cluster CA revoked fail the handshake
 * tls.handshakesPerSecondPerSource=50      default 50 (0: no limit): new connections one address may open per second
 *                                          on each port; more are closed before their TLS handshake
 * tls.handshakeBurstPerSource=200          default 200 (at least 1): new connections one address may open at once
 * secretStore.path=secret.bcfks            required for master-secret-server
 * secretStore.passwordFile=secret.pwd      required for master-secret-server, exists
 * log.dir=logs                             default logs
 * audit.file=logs/sso-audit.log            default sso-audit.log in log.dir: the SSO AUDIT log (JSON lines, rolling)
 * audit.failClosed=false                   default false; true: an operation whose audit record cannot be written is
 *                                          refused (503 10500)
 * sso.credentialCacheTimeout=60m           default 60m (0 turns the credential cache off)
 * sso.credentialCacheMaxEntries=100000     default 100000 (at least 1): the most credentials cached; more are evicted
 * sso.databaseOutageGrace=5m               default 5m: cached lookups served while the database is unreachable
 * sso.keyringPoll=30s                      default 30s: how often the MSS's name is read besides the watch
 * entsso.possibleOwners=node1,node2        default none (every node); nodes that may run the Master Secret Service
 * entsso.preferredOwners=node1,node2       default none (the engine pads with every node)
 * entsso.networkName=ENTSSO                default ENTSSO
 * entsso.ipAddress=10.0.0.50               default 127.0.0.1
 * metrics.port=9464                        optional: plain-HTTP /metrics and /v1/sys/health (no certificate)
 * metrics.host=127.0.0.1                   default 127.0.0.1: who can scrape; another address is an explicit choice
 * </pre>
 */
public final class NodeConfigFile {
    private static final Set<String> KEYS = keys(
            "node.name",
            "node.host",
            "node.roles",
            "cluster.name",
            "zookeeper.connect",
            "zookeeper.sessionTimeout",
            "zookeeper.authFile",
            "zookeeper.tls",
            "api.port",
            "mss.port",
            "tls.keyStore",
            "tls.keyStorePasswordFile",
            "tls.trustStore",
            "tls.crl",
            "tls.handshakesPerSecondPerSource",
            "tls.handshakeBurstPerSource",
            "secretStore.path",
            "secretStore.passwordFile",
            "log.dir",
            "audit.file",
            "audit.failClosed",
            "metrics.port",
            "metrics.host",
            "sso.credentialCacheTimeout",
            "sso.credentialCacheMaxEntries",
            "sso.databaseOutageGrace",
            "sso.keyringPoll",
            "entsso.possibleOwners",
            "entsso.preferredOwners",
            "entsso.networkName",
            "entsso.ipAddress");

    private static Set<String> keys(String... own) {
        Set<String> keys = new HashSet<>(List.of(own));
        keys.addAll(DatabaseKeys.KEYS);
        return Set.copyOf(keys);
    }

    private final PropertiesFile props;

    private NodeConfigFile(PropertiesFile props) {
        this.props = props;
    }

    /**
     * Reads and validates {@code file}.
     *
     * @throws SsoException (INVALID_ARGUMENT) naming the file and the key for every kind of mistake
     */
    public static NodeConfig load(Path file) {
        return new NodeConfigFile(PropertiesFile.load(file, "node configuration", KEYS)).parse();
    }

    private NodeConfig parse() {
        String name = props.required("node.name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw props.error("node.name", "may contain letters, digits, '.', '_' and '-' only, not '" + name + "'");
        }
        Set<NodeRole> roles = roles();
        int api = props.port("api.port");
        int mss = props.port("mss.port");
        if (api == mss) {
            throw props.error("mss.port", "must differ from api.port (" + api + ")");
        }
        DatabaseSettings database = DatabaseKeys.parse(props);
        boolean mayOwn = roles.contains(NodeRole.MASTER_SECRET_SERVER);
        return new NodeConfig(
                props.file(),
                name,
                props.optional("node.host").orElse("127.0.0.1"),
                roles,
                props.optional("cluster.name").orElse("cluster1"),
                props.required("zookeeper.connect"),
                sessionTimeout(),
                props.optional("zookeeper.authFile").map(k -> props.existing("zookeeper.authFile")),
                props.flag("zookeeper.tls", true),
                database,
                api,
                mss,
                props.existing("tls.keyStore"),
                props.existing("tls.keyStorePasswordFile"),
                props.existing("tls.trustStore"),
                mayOwn
                        ? Optional.of(props.path(props.required("secretStore.path")))
                        : props.optional("secretStore.path").map(props::path),
                mayOwn
                        ? Optional.of(props.existing("secretStore.passwordFile"))
                        : props.optional("secretStore.passwordFile")
                                .map(k -> props.existing("secretStore.passwordFile")),
                props.path(props.optional("log.dir").orElse("logs")),
                new LookupSettings(
                        duration("sso.credentialCacheTimeout", LookupSettings.DEFAULT_CACHE_TIMEOUT, Duration.ZERO),
                        duration("sso.databaseOutageGrace", LookupSettings.DEFAULT_OUTAGE_GRACE, Duration.ZERO),
                        count("sso.credentialCacheMaxEntries", LookupSettings.DEFAULT_CACHE_MAX_ENTRIES, 1)),
                duration("sso.keyringPoll", Duration.ofSeconds(30), Duration.ofMillis(100)),
                props.list("entsso.possibleOwners"),
                props.list("entsso.preferredOwners"),
                props.optional("entsso.networkName").orElse("ENTSSO"),
                props.optional("entsso.ipAddress").orElse("127.0.0.1"),
                props.optional("metrics.host").orElse("127.0.0.1"),
                props.optional("metrics.port").map(k -> props.port("metrics.port")),
                props.optional("tls.crl").map(k -> props.existing("tls.crl")),
                new TlsSettings.HandshakeRate(
                        (int) count(
                                "tls.handshakesPerSecondPerSource",
                                TlsSettings.HandshakeRate.DEFAULT.perSecond(),
                                0,
                                1_000_000),
                        (int) count(
                                "tls.handshakeBurstPerSource",
                                TlsSettings.HandshakeRate.DEFAULT.burst(),
                                1,
                                1_000_000)),
                props.optional("audit.file")
                        .map(props::path)
                        .orElseGet(() -> props.path(props.optional("log.dir").orElse("logs"))
                                .resolve("sso-audit.log")),
                props.flag("audit.failClosed", false));
    }

    private Set<NodeRole> roles() {
        Set<NodeRole> roles = new LinkedHashSet<>();
        for (String r : props.list("node.roles").isEmpty()
                ? List.of("sso-server", "master-secret-server")
                : props.list("node.roles")) {
            try {
                roles.add(NodeRole.parse(r));
            } catch (IllegalArgumentException e) {
                throw props.error("node.roles", e.getMessage());
            }
        }
        if (!roles.contains(NodeRole.SSO_SERVER)) {
            throw props.error(
                    "node.roles", "must include sso-server: every node is an SSO server (DESIGN.md decision 1)");
        }
        return roles;
    }

    private Duration sessionTimeout() {
        return duration("zookeeper.sessionTimeout", Duration.ofSeconds(4), Duration.ofSeconds(1));
    }

    /** The optional {@code key} as a whole number, at least {@code minimum}; {@code fallback} when absent. */
    private long count(String key, long fallback, long minimum) {
        return count(key, fallback, minimum, Long.MAX_VALUE);
    }

    /** The optional {@code key} as a whole number from {@code minimum} to {@code maximum}; {@code fallback} when absent. */
    private long count(String key, long fallback, long minimum, long maximum) {
        Optional<String> value = props.optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw props.error(key, "must be a whole number such as " + fallback + ", not '" + value.get() + "'");
        }
        if (n < minimum) {
            throw props.error(key, "must be at least " + minimum + ", not " + value.get());
        }
        if (n > maximum) {
            throw props.error(key, "must be at most " + maximum + ", not " + value.get());
        }
        return n;
    }

    /** As {@link PropertiesFile#duration}, naming the forms this file's documentation uses. */
    private Duration duration(String key, Duration defaultValue, Duration minimum) {
        return props.duration(key, defaultValue, minimum, "4s or 4000");
    }
}
