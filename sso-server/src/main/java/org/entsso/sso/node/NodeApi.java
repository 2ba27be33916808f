package org.entsso.sso.node;

import java.util.function.BooleanSupplier;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.Health;
import org.entsso.sso.server.HealthHandler;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.transport.MutualTlsServer;
import org.entsso.sso.transport.TlsMaterial;

/** Mounts the SSO server's {@code /v1} API on the node's mutual-TLS server. Stateless. */
final class NodeApi {
    private NodeApi() {}

    /** What the API needs from its node. */
    record Parts(
            NodeConfig config,
            SsoStore store,
            CredentialLookupService lookups,
            KeyringHolder keyrings,
            ClusterAdmin admin,
            TlsMaterial tls,
            BooleanSupplier ownsMasterSecret) {}

    static void mount(MutualTlsServer server, Parts parts) {
        server.route(
                HealthHandler.PATH,
                new HealthHandler(() -> Health.evaluate(
                        parts.ownsMasterSecret().getAsBoolean(),
                        parts.keyrings().hasKeyring(),
                        parts.admin().resolveName(parts.config().networkName()).isPresent(),
                        parts.lookups().availability())));
    }
}
