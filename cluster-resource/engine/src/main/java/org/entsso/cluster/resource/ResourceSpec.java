package org.entsso.cluster.resource;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entsso.cluster.InvalidClusterConfigurationException;

/**
 * The definition of one resource: its name, type, dependency expression, possible owners (a hard limit; empty =
 * every node), common properties and private parameters. Immutable.
 *
 * @param name unique within the cluster
 * @param type the resource type name, e.g. {@code Generic Service}
 * @param dependencies a WSFC dependency expression such as {@code [A] and ([B] or [C])}, or empty
 * @param possibleOwners the nodes that may host the resource; empty means all
 * @param properties common properties
 * @param parameters private properties of the type
 */
public record ResourceSpec(
        String name,
        String type,
        String dependencies,
        List<String> possibleOwners,
        ResourceProperties properties,
        Map<String, String> parameters) {

    public ResourceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank() || name.contains("[") || name.contains("]") || name.contains("/")) {
            throw new InvalidClusterConfigurationException(
                    "A resource name must be non-empty and contain no '[', ']' or '/': '" + name + "'");
        }
        dependencies = dependencies == null ? "" : dependencies.trim();
        possibleOwners = possibleOwners == null ? List.of() : List.copyOf(possibleOwners);
        properties = properties == null ? ResourceProperties.DEFAULTS : properties;
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** A resource with default properties and no dependencies. */
    public static ResourceSpec of(String name, String type, Map<String, String> parameters) {
        return new ResourceSpec(name, type, "", List.of(), ResourceProperties.DEFAULTS, parameters);
    }

    /** A copy with the dependency expression replaced. */
    public ResourceSpec withDependencies(String expression) {
        return new ResourceSpec(name, type, expression, possibleOwners, properties, parameters);
    }

    /** A copy with the common properties replaced. */
    public ResourceSpec withProperties(ResourceProperties newProperties) {
        return new ResourceSpec(name, type, dependencies, possibleOwners, newProperties, parameters);
    }

    /** A copy with the possible owners replaced. */
    public ResourceSpec withPossibleOwners(List<String> owners) {
        return new ResourceSpec(name, type, dependencies, owners, properties, parameters);
    }

    /** A copy with the private parameters replaced. */
    public ResourceSpec withParameters(Map<String, String> newParameters) {
        return new ResourceSpec(name, type, dependencies, possibleOwners, properties, newParameters);
    }
}
