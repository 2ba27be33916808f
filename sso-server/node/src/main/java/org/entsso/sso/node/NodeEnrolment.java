package org.entsso.sso.node;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.Stat;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.CheckpointBundle;
import org.entsso.sso.crypto.CryptoCheckpoint;
import org.entsso.sso.crypto.NodeSecretStore;
import org.entsso.sso.mss.NodeKeys;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;

/**
 * What {@code sso-init add-node} and {@code remove-node} change in a running cluster, each step idempotent: a node's
 * registration in the SSO database (its roles and node key, which the master secret server seals crypto checkpoints
 * for: DESIGN.md decision 5), its place among the possible and preferred owners of the {@value EntssoGroup#NAME}
 * group, whether the current checkpoint is sealed for its key, and the cluster CA's revocation list in ZooKeeper,
 * which every node's {@link RevocationChannel} installs. Stateless; thread-safe.
 */
public final class NodeEnrolment {
    private NodeEnrolment() {}

    /** Registers {@code name} with its roles and the node key of {@code secrets} (null for an SSO-server-only node). */
    public static void register(
            DatabaseSettings database, TlsMaterial tls, String name, Set<NodeRole> roles, NodeSecretStore secrets) {
        inStore(database, tls, store -> {
            NodeKeys.register(store, name, roles, secrets, "sso-init");
            return null;
        });
    }

    /** Forgets {@code name}'s registration, so no checkpoint is sealed for its key any more; false when unknown. */
    public static boolean unregister(DatabaseSettings database, TlsMaterial tls, String name) {
        return inStore(
                database,
                tls,
                store -> store.inTransaction(
                        Idempotency.IDEMPOTENT, s -> s.servers().remove(name)));
    }

    private static <T> T inStore(DatabaseSettings settings, TlsMaterial tls, Function<SsoStore, T> use) {
        try (DatabaseAccess database = new DatabaseAccess(settings, tls)) {
            database.start();
            try (SsoStore store =
                    SsoStore.open(database.storeConfig().poolName("sso-init").build())) {
                return use.apply(store);
            } catch (RuntimeException e) {
                throw database.explain(e);
            }
        }
    }

    /** The group's possible owners (the Master Secret Service resource's; empty means every node). */
    public static List<String> possibleOwners(ClusterAdmin admin) {
        return admin.groupSpec(EntssoGroup.NAME)
                .resource(EntssoGroup.SERVICE_RESOURCE)
                .map(ResourceSpec::possibleOwners)
                .orElse(List.of());
    }

    /** Adds {@code node} to every resource's possible owners and to the preferred owners (last); idempotent. */
    public static GroupSpec addPossibleOwner(ClusterAdmin admin, String node) {
        return admin.updateGroup(
                EntssoGroup.NAME,
                spec -> change(spec, owners -> {
                    List<String> changed = new ArrayList<>(owners);
                    if (!changed.isEmpty() && !changed.contains(node)) {
                        changed.add(node);
                    }
                    return changed;
                }));
    }

    /**
     * Removes {@code node} from the possible and preferred owners; idempotent.
     *
     * @throws SsoException INVALID_ARGUMENT when it is the last possible owner (an empty list would mean every node)
     */
    public static GroupSpec removePossibleOwner(ClusterAdmin admin, String node) {
        return admin.updateGroup(
                EntssoGroup.NAME,
                spec -> change(spec, owners -> {
                    List<String> changed = new ArrayList<>(owners);
                    changed.remove(node);
                    if (changed.isEmpty() && !owners.isEmpty()) {
                        throw new SsoException(
                                SsoError.INVALID_ARGUMENT,
                                "Node " + node + " is the last possible owner of the " + EntssoGroup.NAME
                                        + " group; add" + " another node first (sso-init add-node).");
                    }
                    return changed;
                }));
    }

    private static GroupSpec change(GroupSpec spec, UnaryOperator<List<String>> owners) {
        GroupSpec changed = spec;
        for (ResourceSpec r : spec.resources()) {
            changed = changed.withResource(r.withPossibleOwners(owners.apply(r.possibleOwners())));
        }
        List<String> preferred = new ArrayList<>(owners.apply(spec.preferredOwners()));
        if (spec.preferredOwners().isEmpty()) {
            preferred = List.of();
        }
        return changed.withPreferredOwners(preferred);
    }

    /**
     * Whether the master secret server's current crypto checkpoint (the group's checkpoint znode, as the engine keeps
     * it) has an entry sealed for {@code nodeKey}.
     */
    public static boolean checkpointSealedFor(ClusterAdmin admin, PublicKey nodeKey) {
        Optional<byte[]> data = admin.checkpointData(EntssoGroup.NAME, EntssoGroup.SERVICE_RESOURCE);
        if (data.isEmpty()) {
            return false;
        }
        try {
            return CheckpointBundle.decode(data.get())
                    .entryFor(CryptoCheckpoint.fingerprint(nodeKey))
                    .isPresent();
        } catch (SsoException e) {
            return false; // not a bundle (an earlier format): it is re-sealed as one for the new owner
        }
    }

    /** Writes {@code der}, a revocation list the cluster CA signed, to the znode every node watches. */
    public static void publishRevocationList(ClusterConnection connection, byte[] der) {
        try (CuratorFramework client = connection.newCuratorClient()) {
            client.start();
            if (!client.blockUntilConnected((int) connection.sessionTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("ZooKeeper " + connection.connectString() + " cannot be reached; the"
                        + " revocation list was not published. Run the command again.");
            }
            Stat stat = client.checkExists().forPath(RevocationChannel.PATH);
            if (stat == null) {
                client.create().creatingParentsIfNeeded().forPath(RevocationChannel.PATH, der);
            } else {
                client.setData().forPath(RevocationChannel.PATH, der);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the revocation list.", e);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) { // Curator declares Exception
            throw new IllegalStateException("Cannot publish the revocation list to ZooKeeper: " + e + ".", e);
        }
    }
}
