package org.entsso.cluster.internal.rcm;

import java.io.Closeable;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.events.GroupObservation;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.ZkPaths;

/**
 * This node's view of one group ({@link GroupObservation}), kept from the group's status znode by a watch so that a
 * reader never waits on ZooKeeper: the owner, state and epoch the owner last published, and the owner changes and
 * failovers seen since the watch started. A term is counted once, when its epoch first appears; whether it began with a
 * failover is decided by the node that took the group and published with its status ({@link Records.GroupStatus}), so
 * every node counts the same terms the same way.
 *
 * <p>Thread-safe: changes are applied one at a time; {@link #latest()} returns the last whole observation.
 */
public final class GroupWatch implements Closeable {
    private static final Logger LOG = LogManager.getLogger(GroupWatch.class);

    private final String group;
    private final Consumer<GroupObservation> observer;
    private final CuratorCache cache;
    private volatile GroupObservation latest;

    private GroupWatch(CuratorFramework client, String group, Consumer<GroupObservation> observer) {
        this.group = group;
        this.observer = Objects.requireNonNull(observer, "observer");
        this.latest = new GroupObservation(group, "", GroupState.Offline, 0, 0, 0);
        this.cache = CuratorCache.build(client, ZkPaths.status(group), CuratorCache.Options.SINGLE_NODE_CACHE);
        cache.listenable()
                .addListener(CuratorCacheListener.builder()
                        .forCreatesAndChanges((before, after) -> changed(after))
                        .forDeletes(this::deleted)
                        .build());
    }

    /** Starts watching the status of {@code group}; {@code observer} receives every change of the view. */
    static GroupWatch start(CuratorFramework client, String group, Consumer<GroupObservation> observer) {
        GroupWatch watch = new GroupWatch(client, group, observer);
        watch.cache.start();
        return watch;
    }

    /** The view now. */
    GroupObservation latest() {
        return latest;
    }

    private void changed(ChildData data) {
        Records.GroupStatus status;
        try {
            status = Json.read(data.getData(), Records.GroupStatus.class);
        } catch (UncheckedIOException e) {
            LOG.warn(
                    "The status of group '{}' is unreadable; the view keeps its last value: {}", group, e.getMessage());
            return;
        }
        apply(status);
    }

    private synchronized void apply(Records.GroupStatus status) {
        GroupObservation last = latest;
        if (status.epoch() < last.epoch()) {
            return; // an earlier term's status seen late: the current one is already applied
        }
        String owner = status.owner() == null ? "" : status.owner();
        long changes = last.ownerChanges();
        long failovers = last.failovers();
        // A node's first sight of an owner is its baseline, not a change.
        if (status.epoch() > last.epoch() && !last.owner().isEmpty() && !owner.equals(last.owner())) {
            changes++;
            if (status.failover()) {
                failovers++;
            }
        }
        update(new GroupObservation(group, owner, state(status.state()), status.epoch(), changes, failovers));
    }

    private synchronized void deleted(ChildData data) {
        GroupObservation last = latest;
        update(new GroupObservation(
                group, "", GroupState.Offline, last.epoch(), last.ownerChanges(), last.failovers()));
    }

    private void update(GroupObservation next) {
        if (next.equals(latest)) {
            return; // a status rewrite that changes nothing the view shows (a resource's status text)
        }
        latest = next;
        observer.accept(next);
    }

    private GroupState state(String name) {
        try {
            return name == null ? GroupState.Unknown : GroupState.valueOf(name);
        } catch (IllegalArgumentException e) {
            return GroupState.Unknown;
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
