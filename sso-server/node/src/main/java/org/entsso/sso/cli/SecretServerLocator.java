package org.entsso.sso.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ClusterException;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.client.ClientConfig;

/**
 * Finds the master secret server: the {@code Endpoint} its network name (ENTSSO by default) resolves to in the
 * cluster's ZooKeeper, or the endpoint given with {@code --endpoint}. No reachable ZooKeeper or no online name is
 * 10783 (the secret is not available from the master secret server), one sentence saying which.
 */
final class SecretServerLocator {
    private static final Logger LOG = LogManager.getLogger(SecretServerLocator.class);

    private SecretServerLocator() {}

    /** Where the master secret server is, and the epoch its name was published with (0 when not looked up). */
    record Located(URI endpoint, String networkName, long epoch) {}

    static Located locate(Path file, ClientConfig config, String networkName, URI endpoint) {
        if (endpoint != null) {
            return new Located(endpoint, networkName, 0);
        }
        ClusterConnection connection = AdminZooKeeper.connection(file, config.requestTimeout())
                .orElseThrow(() -> new SsoException(
                        SsoError.INVALID_ARGUMENT,
                        "The client configuration names no zookeeper.connect; give --endpoint https://host:port."));
        Map<String, String> name = resolve(connection, networkName)
                .orElseThrow(() -> new SsoException(
                        SsoError.SECRET_NOT_AVAILABLE,
                        "No master secret server is online: the network name " + networkName + " of cluster "
                                + connection.clusterName() + " is not registered."));
        String published = name.get("Endpoint");
        if (published == null || published.isBlank()) {
            throw new SsoException(
                    SsoError.SECRET_NOT_AVAILABLE,
                    "The network name " + networkName + " of cluster " + connection.clusterName()
                            + " publishes no Endpoint.");
        }
        long epoch;
        try {
            epoch = Long.parseLong(name.getOrDefault("Epoch", "0"));
        } catch (NumberFormatException e) {
            epoch = 0;
        }
        return new Located(URI.create(published), networkName, epoch);
    }

    /** Reads the name over {@code connection}: TLS with the administrator's certificate unless zookeeper.tls=false. */
    private static Optional<Map<String, String>> resolve(ClusterConnection connection, String networkName) {
        if (connection.tls().isEmpty()) {
            LOG.warn(
                    "ZooKeeper traffic is not encrypted: {} is read in plaintext (zookeeper.tls=false)",
                    connection.connectString());
        }
        try (ClusterAdmin admin = ClusterAdmin.connect(connection)) {
            return admin.resolveName(networkName);
        } catch (ClusterException e) {
            throw new SsoException(
                    SsoError.SECRET_NOT_AVAILABLE,
                    "No master secret server could be looked up: " + e.getMessage() + ".",
                    e);
        }
    }
}
