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
     * Creates the instance for one resource on this node (WSFC "Open"). Called when the node takes ownership of the
     * resource's group, before Online; the instance lives until {@link ResourceInstance#close()}.
     *
     * @param context the resource's name, parameters, epoch, checkpoint and failure signal
     * @return a new instance; never null
     */
    ResourceInstance open(ResourceContext context);
}
