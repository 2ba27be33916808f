package org.entsso.cluster;

import java.util.Map;
import org.entsso.cluster.resource.ResourceState;

/**
 * A row of {@code Get-ClusterResource}: Name, State, Group (OwnerGroup), ResourceType; plus owner node, status text
 * and the common properties.
 *
 * @param name the resource
 * @param state its state
 * @param group the group that contains it
 * @param resourceType the type name
 * @param ownerNode the node that owns its group, or empty
 * @param statusText the latest failure or pending text (ResourceSpecificStatus), or empty
 * @param properties common properties by WSFC name
 */
public record ResourceInfo(
        String name,
        ResourceState state,
        String group,
        String resourceType,
        String ownerNode,
        String statusText,
        Map<String, String> properties) {}
