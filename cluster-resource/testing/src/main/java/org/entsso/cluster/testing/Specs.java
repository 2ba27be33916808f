package org.entsso.cluster.testing;

import java.util.List;
import java.util.Map;
import org.entsso.cluster.group.GroupProperties;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.resource.ResourceProperties;
import org.entsso.cluster.resource.ResourceSpec;

/** Short builders for the groups and resources cluster tests use. */
public final class Specs {
    private Specs() {}

    /** A scripted resource with fast restarts (RestartDelay 50 ms) and frequent health checks. */
    public static ResourceSpec scripted(String name, String... properties) {
        ResourceProperties props = ResourceProperties.DEFAULTS
                .with("RestartDelay", "50")
                .with("LooksAlivePollInterval", "100")
                .with("IsAlivePollInterval", "500");
        for (int i = 0; i < properties.length; i += 2) {
            props = props.with(properties[i], properties[i + 1]);
        }
        return new ResourceSpec(name, ScriptedResources.TYPE, "", List.of(), props, Map.of());
    }

    /** A group of the given resources with properties set by name/value pairs. */
    public static GroupSpec group(
            String name, List<String> preferred, List<ResourceSpec> resources, String... properties) {
        GroupProperties props = GroupProperties.DEFAULTS;
        for (int i = 0; i < properties.length; i += 2) {
            props = props.with(properties[i], properties[i + 1]);
        }
        return new GroupSpec(name, props, preferred, resources);
    }
}
