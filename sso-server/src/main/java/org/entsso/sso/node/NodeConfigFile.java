package org.entsso.sso.node;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.resource.PropertyValues;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.NodeRole;
import org.entsso.sso.server.LookupSettings;

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
 * database.url=jdbc:h2:tcp://...           required, no password in it
 * database.user=sso                        optional
 * database.passwordFile=db-password        optional, owner-only
 * api.port=8443                            required
 * mss.port=8444                            required, differs from api.port
 * tls.keyStore=node.p12                    required, exists
 * tls.keyStorePasswordFile=node.p12.pwd    required, exists
 * tls.trustStore=ca.pem                    required, exists
 * secretStore.path=secret.bcfks            required for master-secret-server
 * secretStore.passwordFile=secret.pwd      required for master-secret-server, exists
 * log.dir=logs                             default logs
 * sso.credentialCacheTimeout=60m           default 60m (0 turns the credential cache off)
 * sso.databaseOutageGrace=5m               default 5m: cached lookups served while the database is unreachable
 * sso.keyringPoll=30s                      default 30s: how often the MSS's name is read besides the watch
 * entsso.possibleOwners=node1,node2        default none (every node); nodes that may run the Master Secret Service
 * entsso.preferredOwners=node1,node2       default none (the engine pads with every node)
 * entsso.networkName=ENTSSO                default ENTSSO
 * entsso.ipAddress=10.0.0.50               default 127.0.0.1
 * </pre>
 */
public final class NodeConfigFile {
    private static final Set<String> KEYS = Set.of(
            "node.name",
            "node.host",
            "node.roles",
            "cluster.name",
            "zookeeper.connect",
            "zookeeper.sessionTimeout",
            "zookeeper.authFile",
            "database.url",
            "database.user",
            "database.passwordFile",
            "api.port",
            "mss.port",
            "tls.keyStore",
            "tls.keyStorePasswordFile",
            "tls.trustStore",
            "secretStore.path",
            "secretStore.passwordFile",
            "log.dir",
            "sso.credentialCacheTimeout",
            "sso.databaseOutageGrace",
            "sso.keyringPoll",
            "entsso.possibleOwners",
            "entsso.preferredOwners",
            "entsso.networkName",
            "entsso.ipAddress");

    private final Path file;
    private final Path folder;
    private final Properties props;

    private NodeConfigFile(Path file, Properties props) {
        this.file = file.toAbsolutePath();
        this.folder = this.file.getParent();
        this.props = props;
    }

    /**
     * Reads and validates {@code file}.
     *
     * @throws SsoException (INVALID_ARGUMENT) naming the file and the key for every kind of mistake
     */
    public static NodeConfig load(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT, "Cannot read the node configuration " + file + ": " + e.getMessage(), e);
        }
        return new NodeConfigFile(file, props).parse();
    }

    private NodeConfig parse() {
        for (String key : props.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw error(key, "is not a known key; known keys: " + String.join(", ", new java.util.TreeSet<>(KEYS)));
            }
        }
        String name = required("node.name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw error("node.name", "may contain letters, digits, '.', '_' and '-' only, not '" + name + "'");
        }
        Set<NodeRole> roles = roles();
        int api = port("api.port");
        int mss = port("mss.port");
        if (api == mss) {
            throw error("mss.port", "must differ from api.port (" + api + ")");
        }
        String url = required("database.url");
        if (!url.startsWith("jdbc:")) {
            throw error("database.url", "must be a JDBC URL starting with jdbc:");
        }
        if (url.toLowerCase(Locale.ROOT).contains("password=")) {
            throw error("database.url", "must not contain a password; put it in database.passwordFile");
        }
        boolean mayOwn = roles.contains(NodeRole.MASTER_SECRET_SERVER);
        return new NodeConfig(
                file,
                name,
                optional("node.host").orElse("127.0.0.1"),
                roles,
                optional("cluster.name").orElse("cluster1"),
                required("zookeeper.connect"),
                sessionTimeout(),
                optional("zookeeper.authFile").map(k -> existing("zookeeper.authFile")),
                url,
                optional("database.user"),
                optional("database.passwordFile").map(k -> existing("database.passwordFile")),
                api,
                mss,
                existing("tls.keyStore"),
                existing("tls.keyStorePasswordFile"),
                existing("tls.trustStore"),
                mayOwn
                        ? Optional.of(path(required("secretStore.path")))
                        : optional("secretStore.path").map(this::path),
                mayOwn
                        ? Optional.of(existing("secretStore.passwordFile"))
                        : optional("secretStore.passwordFile").map(k -> existing("secretStore.passwordFile")),
                path(optional("log.dir").orElse("logs")),
                new LookupSettings(
                        duration("sso.credentialCacheTimeout", LookupSettings.DEFAULT_CACHE_TIMEOUT, Duration.ZERO),
                        duration("sso.databaseOutageGrace", LookupSettings.DEFAULT_OUTAGE_GRACE, Duration.ZERO)),
                duration("sso.keyringPoll", Duration.ofSeconds(30), Duration.ofMillis(100)),
                list("entsso.possibleOwners"),
                list("entsso.preferredOwners"),
                optional("entsso.networkName").orElse("ENTSSO"),
                optional("entsso.ipAddress").orElse("127.0.0.1"));
    }

    private Set<NodeRole> roles() {
        Set<NodeRole> roles = new LinkedHashSet<>();
        for (String r :
                list("node.roles").isEmpty() ? List.of("sso-server", "master-secret-server") : list("node.roles")) {
            try {
                roles.add(NodeRole.parse(r));
            } catch (IllegalArgumentException e) {
                throw error("node.roles", e.getMessage());
            }
        }
        if (!roles.contains(NodeRole.SSO_SERVER)) {
            throw error("node.roles", "must include sso-server: every node is an SSO server (DESIGN.md decision 1)");
        }
        return roles;
    }

    private Duration sessionTimeout() {
        return duration("zookeeper.sessionTimeout", Duration.ofSeconds(4), Duration.ofSeconds(1));
    }

    private Duration duration(String key, Duration defaultValue, Duration minimum) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        Duration d;
        try {
            d = PropertyValues.parseNonNegative(key, value.get());
        } catch (ClusterException e) {
            throw error(key, "must be a duration such as 4s or 4000, not '" + value.get() + "'");
        }
        if (d.compareTo(minimum) < 0) {
            String least = minimum.toMillis() % 1000 == 0 ? minimum.toSeconds() + "s" : minimum.toMillis() + "ms";
            throw error(key, "must be at least " + least + ", not " + value.get());
        }
        return d;
    }

    private int port(String key) {
        String value = required(key);
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(key, "must be a port 1-65535, not '" + value + "'");
    }

    private List<String> list(String key) {
        List<String> values = new ArrayList<>();
        for (String v : optional(key).orElse("").split(",")) {
            if (!v.isBlank()) {
                values.add(v.trim());
            }
        }
        return values;
    }

    private Path existing(String key) {
        Path p = path(required(key));
        if (!Files.isRegularFile(p)) {
            throw error(key, "names " + p + ", which does not exist or is not a file");
        }
        if (!Files.isReadable(p)) {
            throw error(key, "names " + p + ", which this process cannot read");
        }
        return p;
    }

    private Path path(String value) {
        return folder.resolve(value).normalize();
    }

    private String required(String key) {
        return optional(key).orElseThrow(() -> error(key, "is required"));
    }

    private Optional<String> optional(String key) {
        String v = props.getProperty(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private SsoException error(String key, String what) {
        return new SsoException(SsoError.INVALID_ARGUMENT, file + ": " + key + " " + what);
    }
}
