package org.entsso.cluster.internal.admin;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.NoSuchClusterObjectException;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.resource.ResourceSpec;

/**
 * Writes group definitions with optimistic concurrency (issue 9 item 8). Every create and update is one ZooKeeper
 * multi-op that also bumps the data version of the definitions' parent znode, checked against the version read
 * before the cluster-wide checks: so the unique resource-name check and the write are atomic (two groups created at
 * once cannot both take a name), and an update applies its change to the definition it read or retries (no lost
 * update). Thread-safe.
 */
final class GroupCatalog {
    private final CuratorFramework client;
    private final ClusterView view;
    private final Runnable beforeCommit;

    GroupCatalog(CuratorFramework client, ClusterView view) {
        this(client, view, () -> {});
    }

    /** With {@code beforeCommit} run between the checks and the write: tests place a concurrent change there. */
    GroupCatalog(CuratorFramework client, ClusterView view, Runnable beforeCommit) {
        this.client = client;
        this.view = view;
        this.beforeCommit = beforeCommit;
    }

    /** Creates the group unless one of that name exists; returns whether it created it. */
    boolean create(GroupSpec spec) {
        byte[] data = Json.write(Records.GroupSpecJson.of(spec));
        return Zk.call(() -> {
            while (true) {
                int catalog = catalogVersion();
                if (view.findSpec(spec.name()).isPresent()) {
                    return false;
                }
                requireUniqueNames(spec);
                try {
                    commit(catalog, client.transactionOp().create().forPath(ZkPaths.groupSpec(spec.name()), data));
                    return true;
                } catch (KeeperException.BadVersionException e) {
                    continue; // another definition changed after our checks: check again
                } catch (KeeperException.NodeExistsException e) {
                    return false; // the same group created concurrently (every node creates ENTSSO on first start)
                }
            }
        });
    }

    /** Applies {@code change} to the group's current definition and writes it, compare-and-set; returns the result. */
    GroupSpec update(String group, UnaryOperator<GroupSpec> change) {
        return Zk.call(() -> {
            while (true) {
                int catalog = catalogVersion();
                String name = view.spec(group).name();
                Stat stat = new Stat();
                byte[] old;
                try {
                    old = client.getData().storingStatIn(stat).forPath(ZkPaths.groupSpec(name));
                } catch (KeeperException.NoNodeException e) {
                    throw new NoSuchClusterObjectException("group", group);
                }
                GroupSpec next =
                        change.apply(Json.read(old, Records.GroupSpecJson.class).toSpec());
                if (!next.name().equals(name)) {
                    throw new InvalidClusterConfigurationException(
                            "A group cannot be renamed ('" + name + "' to '" + next.name() + "')");
                }
                requireUniqueNames(next);
                try {
                    commit(
                            catalog,
                            client.transactionOp()
                                    .setData()
                                    .withVersion(stat.getVersion())
                                    .forPath(ZkPaths.groupSpec(name), Json.write(Records.GroupSpecJson.of(next))));
                    return next;
                } catch (KeeperException.BadVersionException e) {
                    continue; // changed after we read it: apply the change to the new definition
                } catch (KeeperException.NoNodeException e) {
                    throw new NoSuchClusterObjectException("group", group);
                }
            }
        });
    }

    /**
     * Deletes the group's definition if {@code check} accepts it (it throws to refuse), compare-and-set: a definition
     * changed after the check is checked again, so a resource added meanwhile is never deleted unseen.
     */
    void delete(String group, Consumer<GroupSpec> check) {
        Zk.call(() -> {
            while (true) {
                String name = view.spec(group).name();
                Stat stat = new Stat();
                byte[] data;
                try {
                    data = client.getData().storingStatIn(stat).forPath(ZkPaths.groupSpec(name));
                } catch (KeeperException.NoNodeException e) {
                    throw new NoSuchClusterObjectException("group", group);
                }
                check.accept(Json.read(data, Records.GroupSpecJson.class).toSpec());
                try {
                    client.delete().withVersion(stat.getVersion()).forPath(ZkPaths.groupSpec(name));
                    return null;
                } catch (KeeperException.BadVersionException e) {
                    continue; // changed after the check: check the new definition
                } catch (KeeperException.NoNodeException e) {
                    throw new NoSuchClusterObjectException("group", group);
                }
            }
        });
    }

    /**
     * Commits {@code op} with a bump of the catalog's version in one multi-op, so it fails with a
     * {@link KeeperException.BadVersionException} if any definition changed since {@code catalog} was read (the
     * checks made on that read, such as unique resource names, then still hold at the commit).
     */
    private void commit(int catalog, CuratorOp op) throws Exception {
        beforeCommit.run();
        client.transaction()
                .forOperations(
                        client.transactionOp().setData().withVersion(catalog).forPath(ZkPaths.GROUP_SPECS, new byte[0]),
                        op);
    }

    private int catalogVersion() throws Exception {
        Stat stat = client.checkExists().forPath(ZkPaths.GROUP_SPECS);
        if (stat != null) {
            return stat.getVersion();
        }
        try {
            client.create().creatingParentsIfNeeded().forPath(ZkPaths.GROUP_SPECS, new byte[0]);
        } catch (KeeperException.NodeExistsException e) {
            return catalogVersion(); // created concurrently: read its version
        }
        return 0;
    }

    private void requireUniqueNames(GroupSpec spec) {
        for (ResourceSpec r : spec.resources()) {
            for (String other : view.groupNames()) {
                if (other.equalsIgnoreCase(spec.name())) {
                    continue;
                }
                Optional<GroupSpec> owner =
                        view.findSpec(other).filter(s -> s.resource(r.name()).isPresent());
                if (owner.isPresent()) {
                    throw new InvalidClusterConfigurationException("A resource named '" + r.name()
                            + "' already exists in group '" + other + "' (resource names are unique in a cluster)");
                }
            }
        }
    }
}
