package org.entsso.cluster.internal.ownership;

import java.util.Map;

/**
 * One ownership term of a group on this node, as the resources running in it see it: its epoch, whether it is still
 * the group's, the {@link Fence} every write of the term goes through, and the network names it registers. A term
 * ends when another node takes the group (a larger epoch) or this node gives it up. Thread-safe.
 */
public interface Term {
    /** The term's epoch: the value this node's increment gave the group's epoch znode. */
    long epoch();

    /**
     * Whether the term has not ended on this node (aborted on a lost leadership or connection, handed over, closed).
     * A term deposed without noticing yet still says true; its fence refuses its writes either way.
     */
    boolean isCurrent();

    /** The fence of this term's writes: each fails with {@link Fence.FencedException} once the term is deposed. */
    Fence fence();

    /**
     * Registers {@code name} for {@code resource} (ephemeral, fenced by the epoch) until the resource or term ends, without
     * waiting for ZooKeeper's answer, as {@link #publish}.
     */
    void registerName(String resource, String name, Map<String, String> data);

    /**
     * Publishes {@code data} under {@code resource} and registers it as the network name {@code name}, in one fenced
     * write where the znodes are as the term knows them, without waiting for ZooKeeper's answer, as {@link #publish}.
     */
    void publishAs(String resource, String name, Map<String, String> data);

    /**
     * Publishes {@code data} under {@code resource} (fenced), without waiting for ZooKeeper's answer: dependents brought
     * online later in the term read it from memory, and ZooKeeper applies it before anything the term writes later.
     */
    void publish(String resource, Map<String, String> data);
}
