package org.entsso.cluster.resource;

import java.util.Map;

/**
 * A read-only view of another resource in the same group.
 *
 * @param name the resource name
 * @param type the resource type name
 * @param state its state on this node
 * @param parameters its private parameters
 * @param published what it published with {@link ResourceContext#publish}
 */
public record ResourceView(
        String name, String type, ResourceState state, Map<String, String> parameters, Map<String, String> published) {}
