package org.entsso.cluster.events;

/**
 * Receives a node's view of a group each time it changes (owner, state, epoch or counts), for metrics and other
 * passive readers. Registered with {@link org.entsso.cluster.ClusterNode.Builder#groupObserver}. Called on a
 * ZooKeeper event thread, one call at a time per group: it must not block or call back into ZooKeeper, and a throw is
 * logged and ignored.
 */
@FunctionalInterface
public interface GroupObserver {
    /** The node's view of {@code observation.group()} changed to {@code observation}. */
    void observed(GroupObservation observation);
}
