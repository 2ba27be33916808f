package org.entsso.sso.mss;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.crypto.NodeSecretStore;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.NodeRegistration;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.tls.NodeRole;

/**
 * Where the master secret server finds every possible owner's public key (DESIGN.md decision 5): each node registers
 * its roles and its node public key in {@code sso_server} at startup ({@link #register}), and the MSS seals a crypto
 * checkpoint for every registered node with the role {@code master-secret-server} ({@link #possibleOwners}). Public
 * keys only; nothing here is secret. Stateless and thread-safe.
 */
public final class NodeKeys {
    private static final Logger LOG = LogManager.getLogger(NodeKeys.class);

    private NodeKeys() {}

    /**
     * Registers this node in the SSO database: call it once at node startup, before the cluster service may bring the
     * ENTSSO group online here. A node with the role {@link NodeRole#MASTER_SECRET_SERVER} must pass its secret store,
     * whose node key the active MSS seals checkpoints for; an SSO-server-only node may pass null.
     *
     * @param version the software version the node runs (shown with the server list)
     */
    public static NodeRegistration register(
            SsoStore store, String nodeName, Set<NodeRole> roles, NodeSecretStore secretStore, String version) {
        if (roles.contains(NodeRole.MASTER_SECRET_SERVER) && secretStore == null) {
            throw new IllegalArgumentException("a node with the role master-secret-server needs its secret store");
        }
        Set<String> labels = roles.stream().map(NodeRole::label).collect(Collectors.toSet());
        byte[] key = secretStore == null ? null : secretStore.nodePublicKey().getEncoded();
        NodeRegistration registered = store.inTransaction(
                Idempotency.IDEMPOTENT,
                (StoreSession s) -> s.servers()
                        .registerNode(
                                nodeName,
                                labels,
                                key,
                                version,
                                Clock.systemUTC().instant()));
        LOG.info(
                "Registered node {} with roles {} and {}",
                nodeName,
                labels,
                key == null ? "no node key" : "its node key");
        return registered;
    }

    /** As {@link #register(SsoStore, String, Set, NodeSecretStore, String)} with both roles. */
    public static NodeRegistration registerPossibleOwner(
            SsoStore store, String nodeName, NodeSecretStore secretStore, String version) {
        return register(
                store, nodeName, EnumSet.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER), secretStore, version);
    }

    /** The public keys of every registered possible owner; a key that does not parse is skipped with a warning. */
    static List<PublicKey> possibleOwners(SsoStore store) {
        List<NodeRegistration> nodes =
                store.read((StoreSession s) -> s.servers().nodesWithRole(NodeRole.MASTER_SECRET_SERVER.label()));
        List<PublicKey> keys = new ArrayList<>();
        for (NodeRegistration node : nodes) {
            try {
                keys.add(KeyFactory.getInstance("RSA")
                        .generatePublic(
                                new X509EncodedKeySpec(node.publicKeyDer().orElseThrow())));
            } catch (GeneralSecurityException | RuntimeException e) {
                LOG.warn("The registered public key of node {} is not an RSA key; no checkpoint for it", node.name());
            }
        }
        return keys;
    }
}
