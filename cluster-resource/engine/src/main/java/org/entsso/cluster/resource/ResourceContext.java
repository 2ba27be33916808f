package org.entsso.cluster.resource;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine gives a resource instance: who and where it is, its private parameters, the ownership epoch that
 * fences its side effects, its checkpoint, and the two callbacks of WSFC's resource DLL contract (pending progress
 * and the asynchronous "I have failed" signal). Thread-safe.
 */
public interface ResourceContext {
    /** The resource's name. */
    String resourceName();

    /** The name of the group (role) that contains the resource. */
    String groupName();

    /** The name of this node. */
    String nodeName();

    /** The host name this node advertises to clients. */
    String nodeHost();

    /** The resource's private parameters ({@code Get-ClusterParameter}), e.g. {@code ServiceName}. */
    Map<String, String> parameters();

    /**
     * The ownership epoch of the current term: strictly greater than that of every earlier owner of the group. A
     * resource stamps every side effect outside ZooKeeper with it (the SSO service fences database writes).
     */
    long epoch();

    /**
     * Whether this node still holds the term {@link #epoch()} belongs to, as far as this node knows. A write that must
     * not be made by a deposed owner still needs its own fence (the epoch in the same transaction).
     */
    boolean isCurrentTerm();

    /** The resources this one depends on, with their states, parameters and published data. */
    List<ResourceView> dependencies();

    /**
     * The checkpoint restored for this resource, if one was ever saved: set before Open when the node takes the group
     * (so a type may prepare from it in {@link ResourceType#open}), and read again from ZooKeeper before each later
     * Online of the term.
     */
    Optional<byte[]> restoredCheckpoint();

    /**
     * Saves checkpoint data in ZooKeeper, fenced by the epoch, so that the node that takes the group over restores
     * it before Online (WSFC's registry/crypto checkpoints, anchors/wsfc.md §2.7).
     *
     * @throws org.entsso.cluster.ClusterException when the term is over or ZooKeeper is unreachable
     */
    void saveCheckpoint(byte[] data);

    /**
     * Publishes a small piece of data under this resource (for example the endpoint a network name resolves to);
     * readable by clients and by dependent resources while the resource is online. Fenced by the epoch. Returns once
     * the write is queued, without waiting for ZooKeeper's answer: dependents read the data from memory at once, and
     * ZooKeeper applies the write before anything the term writes later. A write ZooKeeper refuses is made again the
     * careful way; if that fails too, this resource fails ({@link #signalFailure}), and a term found deposed ends.
     *
     * @throws org.entsso.cluster.ClusterException when the term is over
     */
    void publish(Map<String, String> data);

    /**
     * Registers a cluster-wide network name that clients resolve ({@link org.entsso.cluster.ClusterAdmin#resolveName}):
     * {@code name -> data} plus the owner node, host and epoch. Fenced by the epoch; removed when the resource goes
     * offline or its term ends. Written in the background, as {@link #publish}.
     */
    void registerName(String name, Map<String, String> data);

    /**
     * {@link #publish} and {@link #registerName} of the same data at once: one fenced ZooKeeper write where it can be
     * (a failover's or a move's path, issue 14), two otherwise; in the background, as {@link #publish}.
     */
    default void publishAs(String name, Map<String, String> data) {
        publish(data);
        registerName(name, data);
    }

    /** Reports progress of a long Online or Offline; resets the PendingTimeout watchdog. */
    void reportPending(String status);

    /** Signals asynchronously that the resource has failed (WSFC's failure event); the engine applies the policy. */
    void signalFailure(String reason);

    /** The clock the engine's policies read. */
    Clock clock();
}
