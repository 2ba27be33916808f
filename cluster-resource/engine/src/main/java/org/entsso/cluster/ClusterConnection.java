package org.entsso.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.entsso.cluster.internal.zk.Curators;

/**
 * How to reach a cluster: the ZooKeeper connect string, the cluster name (its root znode), the session timeout,
 * optional credentials and the TLS files. Immutable.
 *
 * <p>The session timeout is explicit (default 4 s, DESIGN.md decision 2): it bounds how long a dead owner keeps its
 * groups, and a JVM pause longer than it costs leadership (Curator Tech Note 10). ZooKeeper clamps it to
 * [2, 20] x tickTime.
 *
 * <p>Without {@link #tls()} the connection is plaintext. That is this library's default only because TLS needs files
 * it cannot guess: the configurations built on it (node.properties, client.properties, the {@code cluster} command
 * line) make TLS the default and plaintext an explicit, logged opt-out (DESIGN.md decision 13).
 *
 * @param connectString ZooKeeper servers, {@code host:port[,host:port...]}
 * @param clusterName the cluster's name; its state lives under {@code /entsso/<clusterName>}
 * @param sessionTimeout requested ZooKeeper session timeout
 * @param connectionTimeout how long to wait for a first connection
 * @param credentials digest credentials, when the cluster's znodes are protected
 * @param tls the client certificate and trust anchor for ZooKeeper over TLS; empty: plaintext
 */
public record ClusterConnection(
        String connectString,
        String clusterName,
        Duration sessionTimeout,
        Duration connectionTimeout,
        Optional<ZkCredentials> credentials,
        Optional<ZkTls> tls) {

    /** The default session timeout: 4 s (DESIGN.md decision 2). */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(4);

    /** The cluster name used when none is given. */
    public static final String DEFAULT_CLUSTER_NAME = "cluster1";

    public ClusterConnection {
        Objects.requireNonNull(connectString, "connectString");
        if (connectString.isBlank()) {
            throw new IllegalArgumentException("The ZooKeeper connect string is empty");
        }
        requireServers(connectString);
        clusterName = clusterName == null || clusterName.isBlank() ? DEFAULT_CLUSTER_NAME : clusterName;
        if (!clusterName.matches("[A-Za-z0-9._-]+") || clusterName.equals(".") || clusterName.equals("..")) {
            throw new IllegalArgumentException(
                    "A cluster name may contain letters, digits, '.', '_' and '-' only: '" + clusterName + "'");
        }
        sessionTimeout = sessionTimeout == null ? DEFAULT_SESSION_TIMEOUT : sessionTimeout;
        connectionTimeout = connectionTimeout == null ? Duration.ofSeconds(15) : connectionTimeout;
        credentials = credentials == null ? Optional.empty() : credentials;
        tls = tls == null ? Optional.empty() : tls;
        if (connectionTimeout.isZero() || connectionTimeout.isNegative()) {
            throw new IllegalArgumentException("The connection timeout must be positive, not " + connectionTimeout);
        }
        if (sessionTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("The session timeout must be at least 1 s, not " + sessionTimeout);
        }
    }

    /** A plaintext connection (no {@link #tls()}); null values take the defaults. */
    public ClusterConnection(
            String connectString,
            String clusterName,
            Duration sessionTimeout,
            Duration connectionTimeout,
            Optional<ZkCredentials> credentials) {
        this(connectString, clusterName, sessionTimeout, connectionTimeout, credentials, Optional.empty());
    }

    /** A plaintext connection with the defaults: cluster {@code cluster1}, 4 s sessions, no credentials. */
    public static ClusterConnection of(String connectString) {
        return new ClusterConnection(connectString, null, null, null, Optional.empty(), Optional.empty());
    }

    /**
     * Checks {@code host:port[,host:port...][/chroot]} here, in one sentence: ZooKeeper's own parser failed on a
     * background thread, logged a NumberFormatException over 81 lines, and the command then reported an unreachable
     * ensemble (exit 3) for what is a typing error (exit 2; issue 9 item 11).
     */
    private static void requireServers(String connectString) {
        int chroot = connectString.indexOf('/');
        String servers = chroot < 0 ? connectString : connectString.substring(0, chroot);
        for (String server : servers.split(",", -1)) {
            if (!SERVER.matcher(server.strip()).matches() || !portInRange(server.strip())) {
                throw new IllegalArgumentException("The ZooKeeper connect string '" + connectString
                        + "' is not host:port[,host:port...]: '" + server.strip() + "' is no server address");
            }
        }
    }

    private static final Pattern SERVER =
            Pattern.compile("(?:[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+])(?::\\d{1,5})?");

    private static boolean portInRange(String server) {
        int colon = server.lastIndexOf(':');
        if (colon < 0 || server.endsWith("]")) {
            return true;
        }
        int port = Integer.parseInt(server.substring(colon + 1));
        return port >= 1 && port <= 65535;
    }

    /** A copy for another cluster name. */
    public ClusterConnection withClusterName(String name) {
        return new ClusterConnection(connectString, name, sessionTimeout, connectionTimeout, credentials, tls);
    }

    /** A copy with another session timeout. */
    public ClusterConnection withSessionTimeout(Duration timeout) {
        return new ClusterConnection(connectString, clusterName, timeout, connectionTimeout, credentials, tls);
    }

    /** A copy with credentials. */
    public ClusterConnection withCredentials(ZkCredentials creds) {
        return new ClusterConnection(
                connectString, clusterName, sessionTimeout, connectionTimeout, Optional.of(creds), tls);
    }

    /** A copy that talks TLS to ZooKeeper, presenting {@code files}' certificate. */
    public ClusterConnection withTls(ZkTls files) {
        return new ClusterConnection(
                connectString, clusterName, sessionTimeout, connectionTimeout, credentials, Optional.of(files));
    }

    /**
     * A new, unstarted Curator client built as the engine builds its own (explicit timeouts, SUSPENDED as an error,
     * the cluster's namespace, node-only ACLs and re-authentication with credentials), for application data kept beside
     * the cluster's, such as the SSO servers' cache purge signals. The caller starts and closes it.
     */
    public CuratorFramework newCuratorClient() {
        return Curators.newClient(this);
    }
}
