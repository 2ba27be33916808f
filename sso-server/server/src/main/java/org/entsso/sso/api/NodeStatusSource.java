package org.entsso.sso.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.KeyringRefresher;
import org.entsso.sso.server.KeyringStatus;
import org.entsso.sso.tls.NodeRole;

/**
 * What a node knows about itself that {@code /v1/sys/status} and {@code /v1/sys/health} report besides the database
 * (sso-server/docs/api.md): its name and roles, whether it is the active master secret server, the master secret
 * server it resolved, and the state of its keyring. Read on every status request, so each method must be cheap and
 * must not block on the network for long.
 *
 * <p>{@link #of} builds the standard source from the node's running components. Implementations are thread-safe.
 */
public interface NodeStatusSource {
    /** The node's name in the cluster. */
    String nodeName();

    /** What the node is configured to run. */
    Set<NodeRole> roles();

    /** Whether this node owns the ENTSSO group and its Master Secret Service is online. */
    boolean activeMasterSecretServer();

    /** The master secret server as this node resolves it. */
    MasterSecretServer masterSecretServer();

    /** What this node's SSO server holds; empty before the first keyring arrives. */
    Optional<KeyringStatus> keyring();

    /** When the keyring was last fetched and installed, if ever. */
    Optional<Instant> lastKeyringRefresh();

    /** The error of the last keyring fetch, if it failed (a sentence, never key material). */
    Optional<String> lastKeyringError();

    /**
     * The SSO servers the cluster has Up now with their API endpoints, as this node last read the membership: what
     * {@code GET /v1/sys/nodes} answers and clients refresh their server list from. From memory.
     */
    List<SsoServer> ssoServers();

    /**
     * One SSO server of the cluster.
     *
     * @param name the node's name
     * @param endpoint its API endpoint, {@code https://host:port}
     */
    record SsoServer(String name, URI endpoint) {
        public SsoServer {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    /**
     * The master secret server as published under the group's network name.
     *
     * @param name the network name (e.g. {@code ENTSSO})
     * @param endpoint its published endpoint; empty while none is online
     * @param epoch its published ownership epoch; empty while none is online
     * @param reachable whether one is published, this node reaches ZooKeeper now (so it can know that one is), and
     *     this node's last fetch from it worked
     */
    record MasterSecretServer(String name, Optional<URI> endpoint, OptionalLong epoch, boolean reachable) {
        public MasterSecretServer {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(epoch, "epoch");
        }
    }

    /**
     * The standard source over a node's components.
     *
     * @param nodeName the node's name
     * @param roles the node's configured roles
     * @param networkName the ENTSSO group's network name
     * @param published reads the name's published attributes ({@code Endpoint}, {@code Epoch}, {@code CurrentMsid}).
     *     Called on every status and health request: prefer the latest value a {@code ClusterAdmin.watchName}
     *     listener kept over {@code () -> cluster.resolveName(networkName)}, which reads ZooKeeper each time (and
     *     may wait while the quorum is lost); an exception is reported as "none published"
     * @param zooKeeperConnected whether this node's ZooKeeper connection is up now; while it is SUSPENDED or LOST no
     *     master secret server is reported reachable and this node is not reported active (issue 9: a published name
     *     seen before the quorum was lost proves nothing)
     * @param activeMasterSecretServer whether this node's Master Secret Service is online
     * @param keyrings the SSO server's keyring holder
     * @param refresher the SSO server's keyring refresher
     * @param ssoServers the cluster's Up SSO servers as last read (from memory; see {@link #ssoServers()})
     */
    static NodeStatusSource of(
            String nodeName,
            Set<NodeRole> roles,
            String networkName,
            Supplier<Optional<Map<String, String>>> published,
            BooleanSupplier zooKeeperConnected,
            BooleanSupplier activeMasterSecretServer,
            KeyringHolder keyrings,
            KeyringRefresher refresher,
            Supplier<List<SsoServer>> ssoServers) {
        return new StandardNodeStatus(
                nodeName,
                roles,
                networkName,
                published,
                zooKeeperConnected,
                activeMasterSecretServer,
                keyrings,
                refresher,
                ssoServers);
    }
}
