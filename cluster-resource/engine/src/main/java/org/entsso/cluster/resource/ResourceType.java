package org.entsso.cluster.resource;

import java.time.Duration;
import java.util.Set;

/**
 * A kind of cluster resource: the Java counterpart of a WSFC resource DLL (anchors/wsfc.md §1.3). A type creates one
 * {@link ResourceInstance} per resource ("Open"); the engine drives the instance through Online, Offline, Terminate,
 * LooksAlive, IsAlive and Close, each resource on its own executor (WSFC's "separate monitor").
 *
 * <p>Implementations must be thread-safe: {@link #open} may be called for several resources concurrently.
 */
public interface ResourceType {
    /** The type name shown in the ResourceType column, e.g. {@code Generic Service}. */
    String name();

    /** The type's LooksAlivePollInterval; WSFC's default is 5 s. */
    default Duration looksAlivePollInterval() {
        return Duration.ofSeconds(5);
    }

    /** The type's IsAlivePollInterval; WSFC's default is 60 s. */
    default Duration isAlivePollInterval() {
        return Duration.ofSeconds(60);
    }

    /** Private properties a resource of this type must have (e.g. {@code ServiceName}); checked at definition. */
    default Set<String> requiredParameters() {
        return Set.of();
    }

    /**
     * Makes this node ready to own {@code resource} soon: a planned move or a drain named this node the group's target,
     * and the owner still serves while this runs (it waits for the answer before it takes the group offline). Whatever
     * makes a later {@link #open} and Online fast belongs here (code paths run once, connections opened, caches
     * filled), so that the pause a move makes does not carry this node's first-use costs. WSFC has no such entry
     * point; it is ours (issue 14).
     *
     * <p>Runs on a thread of its own, at most once per move and resource; it should return within {@code budget} (the
     * owner does not wait much longer) and must change nothing that the owner relies on. Failures are logged and
     * change nothing. The default does nothing.
     *
     * @param nodeName this node
     * @param resource the resource as the group defines it
     * @param budget how long it may take
     */
    default void prepareToOwn(String nodeName, ResourceSpec resource, Duration budget) {}

    /**
     * How much longer than a move's usual preparation this type needs on this node before {@link #prepareToOwn} makes
     * it ready: {@code Duration.ZERO} (the default) when the usual budget is enough. A type whose first-use costs on
     * a node that has just started (or has never owned the group) would otherwise land in the move's pause asks for
     * more; the target then says so at once, and the owner, which still serves, waits that much longer (at most 10 s
     * more) before it takes the group offline. The budget {@link #prepareToOwn} then gets includes it. Must answer
     * quickly, without I/O.
     *
     * @param nodeName this node
     * @param resource the resource as the group defines it
     */
    default Duration preparationNeeded(String nodeName, ResourceSpec resource) {
        return Duration.ZERO;
    }

    /**
     * Creates the instance for one resource on this node (WSFC "Open"). Called when the node takes ownership of the
     * resource's group, before Online; the instance lives until {@link ResourceInstance#close()}.
     *
     * @param context the resource's name, parameters, epoch, checkpoint and failure signal
     * @return a new instance; never null
     */
    ResourceInstance open(ResourceContext context);
}
