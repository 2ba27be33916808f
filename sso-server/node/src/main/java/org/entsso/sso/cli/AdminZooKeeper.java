package org.entsso.sso.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ZkTls;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.config.PropertiesFile;

/**
 * The ZooKeeper keys of an administrator's {@code client.properties} ({@code cluster.name}, {@code zookeeper.connect},
 * {@code zookeeper.sessionTimeout}, {@code zookeeper.tls}): {@code ssoconfig} finds the master secret server through
 * ZooKeeper, which the client library no longer reads. Over TLS with the file's certificate unless
 * {@code zookeeper.tls=false}. Mistakes are 15000 naming the file and the key.
 */
final class AdminZooKeeper {
    private AdminZooKeeper() {}

    /** The connection the file describes, or empty when it names no {@code zookeeper.connect}. */
    static Optional<ClusterConnection> connection(Path file, Duration connectionTimeout) {
        PropertiesFile props = PropertiesFile.load(file, "client configuration", ClientConfigFile.KEYS);
        Optional<String> connect = props.optional("zookeeper.connect");
        if (connect.isEmpty()) {
            return Optional.empty();
        }
        Duration session = props.duration(
                "zookeeper.sessionTimeout",
                ClusterConnection.DEFAULT_SESSION_TIMEOUT,
                Duration.ofSeconds(1),
                "4s, 4000ms or 4000");
        ClusterConnection plain;
        try {
            plain = new ClusterConnection(
                    connect.get(),
                    props.optional("cluster.name").orElse(null),
                    session,
                    connectionTimeout,
                    Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT, file + ": zookeeper.connect or cluster.name " + e.getMessage());
        }
        if (!props.flag("zookeeper.tls", true)) {
            return Optional.of(plain);
        }
        return Optional.of(plain.withTls(ZkTls.of(
                props.existing("tls.keyStore"),
                props.existing("tls.keyStorePasswordFile"),
                props.existing("tls.trustStore"))));
    }
}
