package org.entsso.sso.node;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.entsso.cluster.ClusterNode;
import org.entsso.sso.api.NodeStatusSource;
import org.entsso.sso.api.SsoApi;
import org.entsso.sso.audit.SsoAudit;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.EncryptingWrites;
import org.entsso.sso.server.Health;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.KeyringRefresher;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.transport.MutualTlsServer;

/** Mounts the SSO server's {@code /v1} API on the node's mutual-TLS server. Stateless. */
final class NodeApi {
    private NodeApi() {}

    /** What the API needs from its node; {@code cluster} is read when asked (null until the node has joined). */
    record Parts(
            NodeConfig config,
            SsoStore store,
            CredentialLookupService lookups,
            EncryptingWrites writes,
            KeyringHolder keyrings,
            KeyringRefresher refresher,
            Supplier<Optional<Map<String, String>>> published,
            BooleanSupplier zooKeeperConnected,
            Supplier<ClusterNode> cluster,
            Supplier<List<NodeStatusSource.SsoServer>> ssoServers,
            Clock clock,
            SsoAudit audit) {}

    /** Mounts the API on {@code server}; returns the node's health as the API reports it. */
    static Supplier<Health> mount(MutualTlsServer server, Parts p) {
        NodeStatusSource status = NodeStatusSource.of(
                p.config().nodeName(),
                p.config().roles(),
                p.config().networkName(),
                p.published(),
                p.zooKeeperConnected(),
                () -> isActiveMasterSecretServer(p),
                p.keyrings(),
                p.refresher(),
                p.ssoServers());
        SsoApi api = new SsoApi(p.store(), p.lookups(), p.writes(), status, p.clock(), p.audit());
        api.mountOn(server);
        return api.health();
    }

    /** This node owns the ENTSSO group and the published name carries this term's epoch (the service is online). */
    static boolean isActiveMasterSecretServer(Parts p) {
        return activeMasterSecretServerEpoch(p).isPresent();
    }

    /** The epoch of this node's term while it is the active master secret server (see above); empty otherwise. */
    static OptionalLong activeMasterSecretServerEpoch(Parts p) {
        ClusterNode cluster = p.cluster().get();
        OptionalLong owned = cluster == null ? OptionalLong.empty() : cluster.ownedEpoch(EntssoGroup.NAME);
        if (owned.isEmpty()) {
            return owned;
        }
        boolean published = p.published()
                .get()
                .map(m -> m.get("Epoch"))
                .map(e -> e.equals(Long.toString(owned.getAsLong())))
                .orElse(false);
        return published ? owned : OptionalLong.empty();
    }
}
