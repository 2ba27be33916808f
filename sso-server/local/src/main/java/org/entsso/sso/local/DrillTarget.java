package org.entsso.sso.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.entsso.cluster.ClusterConnection;
import org.entsso.sso.client.ClientConfig;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.tls.TlsMaterial;

/**
 * The cluster a drill runs against: the local cluster (every kind), or a running one given the administrator's
 * {@code client.properties} and its ZooKeeper connection (the kinds an operator may run in production).
 *
 * @param kind {@code local} or {@code remote}
 * @param description what the report names as the target
 * @param zooKeeper the connect string
 * @param admin the cluster, over ZooKeeper, as the administrator
 * @param clientConfig the administrator's client configuration (the load runs through the client library with it)
 * @param backupPasswordFile the backup password file, for the rotate kind (the new secret's backup is written with it)
 * @param local the local cluster's processes, when the target is local
 */
record DrillTarget(
        String kind,
        String description,
        String zooKeeper,
        ClusterConnection admin,
        Path clientConfig,
        Optional<Path> backupPasswordFile,
        Optional<LocalCluster> local,
        Optional<Long> sessionTimeoutMillis) {

    DrillTarget {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(clientConfig, "clientConfig");
    }

    static DrillTarget local(LocalCluster cluster) {
        return new DrillTarget(
                "local",
                "local cluster in " + cluster.clusterDir().getParent(),
                cluster.zooKeeperConnect(),
                cluster.adminConnection(),
                cluster.adminClientConfig(),
                Optional.of(cluster.backupPasswordFile()),
                Optional.of(cluster),
                Optional.of(cluster.sessionTimeout().toMillis()));
    }

    static DrillTarget remote(
            String clusterName, String zooKeeper, Path clientConfig, Optional<Path> backupPasswordFile) {
        ClientConfig config = ClientConfigFile.load(clientConfig);
        ClusterConnection connection = ClusterConnection.of(zooKeeper)
                .withClusterName(clusterName)
                .withTls(org.entsso.cluster.ZkTls.of(
                        config.keyStore()
                                .orElseThrow(
                                        () -> new IllegalArgumentException(clientConfig + " names no tls.keyStore")),
                        config.keyStorePasswordFile().orElseThrow(),
                        config.trustStore().orElseThrow()));
        return new DrillTarget(
                "remote",
                "cluster " + clusterName + " at " + zooKeeper,
                zooKeeper,
                connection,
                clientConfig,
                backupPasswordFile,
                Optional.empty(),
                Optional.empty());
    }

    /** The administrator's TLS material, from the client configuration's key store. */
    TlsMaterial administrator() {
        ClientConfig config = ClientConfigFile.load(clientConfig);
        Path keyStore = config.keyStore().orElseThrow();
        char[] pw = PasswordFiles.read(config.keyStorePasswordFile().orElseThrow(), "key store password file");
        try {
            return TlsMaterial.fromPkcs12(keyStore, pw, config.trustStore().orElseThrow());
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /** The local cluster, or a clear refusal naming the kind that needs it. */
    LocalCluster requireLocal(DrillKind kind) {
        return local.orElseThrow(() -> new IllegalArgumentException("drill kind '" + kind.id()
                + "' kills or stops processes and runs only on the local cluster; against a running cluster use "
                + "move, fail-resource, drain or rotate"));
    }
}
