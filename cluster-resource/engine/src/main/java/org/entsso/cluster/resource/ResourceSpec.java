package org.entsso.cluster.resource;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.entsso.cluster.InvalidClusterConfigurationException;

/**
 * The definition of one resource: its name, type, dependency expression, possible owners (a hard limit; empty =
 * every node), common properties, private parameters and registered checkpoints. Immutable.
 *
 * @param name unique within the cluster
 * @param type the resource type name, e.g. {@code Generic Service}
 * @param dependencies a WSFC dependency expression such as {@code [A] and ([B] or [C])}, or empty
 * @param possibleOwners the nodes that may host the resource; empty means all
 * @param properties common properties
 * @param parameters private properties of the type
 * @param checkpoints registry and crypto checkpoints ({@code Add-ClusterCheckpoint}), each registered once
 */
public record ResourceSpec(
        String name,
        String type,
        String dependencies,
        List<String> possibleOwners,
        ResourceProperties properties,
        Map<String, String> parameters,
        List<Checkpoint> checkpoints) {

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
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        for (int i = 0; i < checkpoints.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (checkpoints.get(i).sameAs(checkpoints.get(j))) {
                    throw new InvalidClusterConfigurationException("Resource '" + name + "' already has the "
                            + checkpoints.get(i).kind().name().toLowerCase(Locale.ROOT) + " checkpoint '"
                            + checkpoints.get(i).name() + "'");
                }
            }
        }
    }

    /** A resource without checkpoints. */
    public ResourceSpec(
            String name,
            String type,
            String dependencies,
            List<String> possibleOwners,
            ResourceProperties properties,
            Map<String, String> parameters) {
        this(name, type, dependencies, possibleOwners, properties, parameters, List.of());
    }

    /** A resource with default properties and no dependencies. */
    public static ResourceSpec of(String name, String type, Map<String, String> parameters) {
        return new ResourceSpec(name, type, "", List.of(), ResourceProperties.DEFAULTS, parameters);
    }

    /** A copy with the dependency expression replaced. */
    public ResourceSpec withDependencies(String expression) {
        return new ResourceSpec(name, type, expression, possibleOwners, properties, parameters, checkpoints);
    }

    /** A copy with the common properties replaced. */
    public ResourceSpec withProperties(ResourceProperties newProperties) {
        return new ResourceSpec(name, type, dependencies, possibleOwners, newProperties, parameters, checkpoints);
    }

    /** A copy with the possible owners replaced. */
    public ResourceSpec withPossibleOwners(List<String> owners) {
        return new ResourceSpec(name, type, dependencies, owners, properties, parameters, checkpoints);
    }

    /** A copy with the private parameters replaced. */
    public ResourceSpec withParameters(Map<String, String> newParameters) {
        return new ResourceSpec(name, type, dependencies, possibleOwners, properties, newParameters, checkpoints);
    }

    /** A copy with the checkpoints replaced. */
    public ResourceSpec withCheckpoints(List<Checkpoint> newCheckpoints) {
        return new ResourceSpec(name, type, dependencies, possibleOwners, properties, parameters, newCheckpoints);
    }
}
