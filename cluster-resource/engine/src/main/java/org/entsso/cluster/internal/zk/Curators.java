package org.entsso.cluster.internal.zk;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.framework.state.StandardConnectionStateErrorPolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ClusterTlsException;
import org.entsso.cluster.ClusterUnavailableException;
import org.entsso.cluster.ZkCredentials;

/**
 * Builds the Curator client every node and admin uses: explicit timeouts, the standard error policy, ACLs, and TLS
 * through a per-client ZooKeeper configuration when the connection has {@link ClusterConnection#tls()}.
 */
public final class Curators {
    private Curators() {}

    /**
     * A new, unstarted client in the cluster's namespace. SUSPENDED counts as an error state (Curator's standard
     * policy), so leadership ends the moment the connection is lost (DESIGN.md decision 2). With credentials, the
     * client authenticates on every new session (Curator re-applies its auth info to each new ZooKeeper handle) and
     * creates znodes that only the credential holders may write. With TLS files, every ZooKeeper handle the client
     * opens (one per session) speaks TLS 1.3 with them ({@link ZkClientConfigs#tls}).
     */
    public static CuratorFramework newClient(ClusterConnection connection) {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(connection.connectString())
                .sessionTimeoutMs((int) connection.sessionTimeout().toMillis())
                // Curator warns when an operation may wait longer for a connection than a session lives.
                .connectionTimeoutMs((int) Math.min(
                        connection.connectionTimeout().toMillis(),
                        connection.sessionTimeout().toMillis()))
                .retryPolicy(new ExponentialBackoffRetry(100, 5, 1000))
                .connectionStateErrorPolicy(new StandardConnectionStateErrorPolicy())
                .namespace(ZkPaths.namespace(connection.clusterName()));
        connection.tls().ifPresent(tls -> builder.zkClientConfig(ZkClientConfigs.tls(tls)));
        connection
                .credentials()
                .ifPresent(creds -> builder.authorization(
                                "digest", (creds.user() + ":" + creds.password()).getBytes(StandardCharsets.UTF_8))
                        .aclProvider(new NodeOnlyAclProvider(creds)));
        return builder.build();
    }

    /**
     * A started client, connected within the connection timeout.
     *
     * @throws ClusterUnavailableException with one clear sentence when ZooKeeper cannot be reached in time
     * @throws ClusterTlsException when, over TLS, the files cannot be used or the handshake is refused
     */
    public static CuratorFramework connect(ClusterConnection connection) {
        Optional<String> unusable = connection.tls().flatMap(TlsProbe::unusableFiles);
        if (unusable.isPresent()) {
            throw new ClusterTlsException("ZooKeeper at " + connection.connectString() + " " + unusable.get(), null);
        }
        CuratorFramework client = newClient(connection);
        client.start();
        try {
            if (!client.blockUntilConnected((int) connection.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                client.close();
                throw notConnected(connection);
            }
            return client;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new ClusterUnavailableException("Interrupted while connecting to ZooKeeper", e);
        }
    }

    private static ClusterUnavailableException notConnected(ClusterConnection connection) {
        String target = "ZooKeeper at " + connection.connectString();
        // ZooKeeper's client only logs a refused handshake and retries: ask the servers directly why.
        Optional<String> tlsProblem =
                connection.tls().flatMap(tls -> TlsProbe.diagnose(connection.connectString(), tls));
        if (tlsProblem.isPresent()) {
            return new ClusterTlsException(target + " " + tlsProblem.get(), null);
        }
        return new ClusterUnavailableException(
                target + " could not be reached within "
                        + connection.connectionTimeout().toSeconds() + " s"
                        + (connection.tls().isPresent() ? " over TLS" : ""),
                null);
    }

    /** Everyone may read; only holders of the node credentials may write, create, delete or change ACLs. */
    static final class NodeOnlyAclProvider implements ACLProvider {
        private final List<ACL> acl;

        NodeOnlyAclProvider(ZkCredentials creds) {
            try {
                String digest = DigestAuthenticationProvider.generateDigest(creds.user() + ":" + creds.password());
                // A mutable list: ZooKeeper's validateACL calls contains(null), which List.of refuses.
                this.acl = new java.util.ArrayList<>(List.of(
                        new ACL(ZooDefs.Perms.ALL, new Id("digest", digest)),
                        new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA1 digest is not available", e);
            }
        }

        @Override
        public List<ACL> getDefaultAcl() {
            return acl;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
            return acl;
        }
    }
}
