package org.entsso.sso.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.client.internal.Endpoints;
import org.entsso.sso.config.PropertiesFile;

/**
 * Reads a host instance's {@code client.properties} (sso-server/docs/client.md). Every mistake is one sentence naming
 * the file and the key, as an {@link SsoException} with {@link SsoError#INVALID_ARGUMENT} (as {@code NodeConfigFile}
 * does for nodes); unknown keys are refused, so a typo never falls back to a default silently. Relative paths are
 * resolved against the file's folder.
 *
 * <pre>
 * client.servers=https://node1:8443,...      required: one or more SSO servers to start from (seeds); the client
 *                                            reads the cluster's current SSO servers from any reachable one
 * tls.keyStore=host.p12                      required, exists: the client certificate and key (PKCS#12)
 * tls.keyStorePasswordFile=host.p12.pwd      required, exists
 * tls.trustStore=ca.pem                      required, exists: the cluster CA certificate
 * client.discoveryInterval=5s                default 5s: how often the server list is read again
 * client.discovery=true                      default true; false: the client.servers alone, never a discovered one
 * client.writeDeadline=30s                   default 30s
 * client.requestTimeout=5s                   default 5s
 * client.hedgeDelay=200ms                    default 200ms: a read silent this long is also sent to the next server
 * client.writeHedgeDelay=1s                  default 1s: the same for a write (same idempotency key)
 * cluster.name, zookeeper.connect,           accepted for ssoconfig, which finds the master secret server through
 * zookeeper.sessionTimeout, zookeeper.tls    ZooKeeper; the client library does not use them
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class ClientConfigFile {
    /** The keys of the file, the library's and those only {@code ssoconfig} reads. */
    public static final Set<String> KEYS = Set.of(
            "cluster.name",
            "zookeeper.connect",
            "zookeeper.sessionTimeout",
            "zookeeper.tls",
            "tls.keyStore",
            "tls.keyStorePasswordFile",
            "tls.trustStore",
            "client.servers",
            "client.writeDeadline",
            "client.requestTimeout",
            "client.hedgeDelay",
            "client.writeHedgeDelay",
            "client.discoveryInterval",
            "client.discovery");

    private final PropertiesFile props;

    private ClientConfigFile(PropertiesFile props) {
        this.props = props;
    }

    /**
     * Reads and validates {@code file}.
     *
     * @throws SsoException (INVALID_ARGUMENT) naming the file and the key for every kind of mistake
     */
    public static ClientConfig load(Path file) {
        return new ClientConfigFile(PropertiesFile.load(file, "client configuration", KEYS)).parse();
    }

    private ClientConfig parse() {
        List<URI> seeds = servers();
        if (seeds.isEmpty()) {
            throw props.error(
                    "client.servers",
                    "is required: list one or more SSO servers (https://host:port, comma-separated); the client finds"
                            + " the others from them (zookeeper.connect is not used for discovery)");
        }
        return ClientConfig.builder()
                .tlsFiles(
                        props.existing("tls.keyStore"),
                        props.existing("tls.keyStorePasswordFile"),
                        props.existing("tls.trustStore"))
                .servers(seeds)
                .writeDeadline(
                        duration("client.writeDeadline", ClientConfig.DEFAULT_WRITE_DEADLINE, Duration.ofMillis(1)))
                .requestTimeout(
                        duration("client.requestTimeout", ClientConfig.DEFAULT_REQUEST_TIMEOUT, Duration.ofMillis(1)))
                .hedgeDelay(duration("client.hedgeDelay", ClientConfig.DEFAULT_HEDGE_DELAY, Duration.ofMillis(1)))
                .writeHedgeDelay(duration(
                        "client.writeHedgeDelay", ClientConfig.DEFAULT_WRITE_HEDGE_DELAY, Duration.ofMillis(1)))
                .discoveryInterval(duration(
                        "client.discoveryInterval", ClientConfig.DEFAULT_DISCOVERY_INTERVAL, Duration.ofMillis(100)))
                .discovery(props.flag("client.discovery", true))
                .build();
    }

    private List<URI> servers() {
        List<URI> servers = new ArrayList<>();
        for (String value : props.optional("client.servers").orElse("").split(",")) {
            if (value.isBlank()) {
                continue;
            }
            try {
                servers.add(Endpoints.parse(value));
            } catch (IllegalArgumentException e) {
                throw props.error("client.servers", "has a bad entry: " + e.getMessage());
            }
        }
        return servers;
    }

    /** As {@link PropertiesFile#duration}, naming the forms this file's documentation uses. */
    private Duration duration(String key, Duration fallback, Duration minimum) {
        return props.duration(key, fallback, minimum, "5s, 500ms or 5000");
    }
}
