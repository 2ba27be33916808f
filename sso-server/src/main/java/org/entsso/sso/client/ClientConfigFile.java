package org.entsso.sso.client;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.resource.PropertyValues;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.client.internal.Endpoints;

/**
 * Reads a host instance's {@code client.properties} (sso-server/docs/client.md). Every mistake is one sentence naming
 * the file and the key, as an {@link SsoException} with {@link SsoError#INVALID_ARGUMENT} (as {@code NodeConfigFile}
 * does for nodes); unknown keys are refused, so a typo never falls back to a default silently. Relative paths are
 * resolved against the file's folder.
 *
 * <pre>
 * cluster.name=cluster1                      default cluster1
 * zookeeper.connect=zk1:2181,zk2:2181        required unless client.servers is given
 * zookeeper.sessionTimeout=4s                default 4s (at least 1s)
 * tls.keyStore=host.p12                      required, exists: the client certificate and key (PKCS#12)
 * tls.keyStorePasswordFile=host.p12.pwd      required, exists
 * tls.trustStore=ca.pem                      required, exists: the cluster CA certificate
 * client.servers=https://node1:8443,...      optional static endpoints, tried before discovered ones
 * client.writeDeadline=30s                   default 30s
 * client.requestTimeout=5s                   default 5s
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class ClientConfigFile {
    private static final Set<String> KEYS = Set.of(
            "cluster.name",
            "zookeeper.connect",
            "zookeeper.sessionTimeout",
            "tls.keyStore",
            "tls.keyStorePasswordFile",
            "tls.trustStore",
            "client.servers",
            "client.writeDeadline",
            "client.requestTimeout");

    private final Path file;
    private final Path folder;
    private final Properties props;

    private ClientConfigFile(Path file, Properties props) {
        this.file = file.toAbsolutePath();
        this.folder = this.file.getParent();
        this.props = props;
    }

    /**
     * Reads and validates {@code file}.
     *
     * @throws SsoException (INVALID_ARGUMENT) naming the file and the key for every kind of mistake
     */
    public static ClientConfig load(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT,
                    "Cannot read the client configuration " + file + ": " + e.getMessage(),
                    e);
        }
        return new ClientConfigFile(file, props).parse();
    }

    private ClientConfig parse() {
        for (String key : props.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw error(key, "is not a known key; known keys: " + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        ClientConfig.Builder builder = ClientConfig.builder()
                .tlsFiles(existing("tls.keyStore"), existing("tls.keyStorePasswordFile"), existing("tls.trustStore"))
                .servers(servers())
                .writeDeadline(duration("client.writeDeadline", ClientConfig.DEFAULT_WRITE_DEADLINE, 1))
                .requestTimeout(duration("client.requestTimeout", ClientConfig.DEFAULT_REQUEST_TIMEOUT, 1))
                .sessionTimeout(duration("zookeeper.sessionTimeout", ClientConfig.DEFAULT_SESSION_TIMEOUT, 1000));
        Optional<String> zookeeper = optional("zookeeper.connect");
        if (zookeeper.isPresent()) {
            try {
                builder.zookeeper(zookeeper.get(), optional("cluster.name").orElse(null));
            } catch (IllegalArgumentException e) {
                throw error("cluster.name", "is not a valid cluster name: " + e.getMessage());
            }
        } else if (optional("client.servers").isEmpty()) {
            throw error("zookeeper.connect", "is required unless client.servers lists the SSO servers");
        }
        return builder.build();
    }

    private List<URI> servers() {
        List<URI> servers = new ArrayList<>();
        for (String value : optional("client.servers").orElse("").split(",")) {
            if (value.isBlank()) {
                continue;
            }
            try {
                servers.add(Endpoints.parse(value));
            } catch (IllegalArgumentException e) {
                throw error("client.servers", "has a bad entry: " + e.getMessage());
            }
        }
        return servers;
    }

    private Duration duration(String key, Duration fallback, long minimumMillis) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        Duration d;
        try {
            d = PropertyValues.parse(key, value.get());
        } catch (ClusterException e) {
            throw error(key, "must be a duration such as 5s, 500ms or 5000, not '" + value.get() + "'");
        }
        if (d.toMillis() < minimumMillis) {
            throw error(key, "must be at least " + minimumMillis + "ms, not " + value.get());
        }
        return d;
    }

    private Path existing(String key) {
        Path p = folder.resolve(required(key)).normalize();
        if (!Files.isRegularFile(p)) {
            throw error(key, "names " + p + ", which does not exist or is not a file");
        }
        if (!Files.isReadable(p)) {
            throw error(key, "names " + p + ", which this process cannot read");
        }
        return p;
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
