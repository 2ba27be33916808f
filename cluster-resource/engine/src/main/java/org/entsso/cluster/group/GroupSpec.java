package org.entsso.cluster.group;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.resource.ResourceSpec;

/**
 * The definition of a group (WSFC "role"): its properties, ordered preferred owners and resources. Construction
 * validates the dependencies: every name must be a resource of this group and the graph must have no cycle.
 * Immutable.
 *
 * @param name the group name
 * @param properties common group properties
 * @param preferredOwners ordered preferred owners; the engine pads the list with the remaining nodes
 * @param resources the group's resources
 */
public record GroupSpec(
        String name, GroupProperties properties, List<String> preferredOwners, List<ResourceSpec> resources) {

    public GroupSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.contains("/")) {
            throw new InvalidClusterConfigurationException(
                    "A group name must be non-empty and contain no '/': '" + name + "'");
        }
        properties = properties == null ? GroupProperties.DEFAULTS : properties;
        preferredOwners = preferredOwners == null ? List.of() : List.copyOf(preferredOwners);
        resources = resources == null ? List.of() : List.copyOf(resources);
        onlineOrder(name, resources); // validates names, dangling references and cycles
    }

    /** A group with default properties. */
    public static GroupSpec of(String name, List<String> preferredOwners, List<ResourceSpec> resources) {
        return new GroupSpec(name, GroupProperties.DEFAULTS, preferredOwners, resources);
    }

    /** The resource with this name (case-insensitive). */
    public Optional<ResourceSpec> resource(String resourceName) {
        return resources.stream()
                .filter(r -> r.name().equalsIgnoreCase(resourceName))
                .findFirst();
    }

    /** Resource names in an order where every resource comes after all the resources it depends on. */
    public List<String> onlineOrder() {
        return onlineOrder(name, resources);
    }

    /** The names of the resources whose dependency expressions mention {@code resourceName}, transitively. */
    public Set<String> dependentsOf(String resourceName) {
        Set<String> result = new HashSet<>();
        Deque<String> work = new ArrayDeque<>(List.of(resourceName));
        while (!work.isEmpty()) {
            String current = work.pop();
            for (ResourceSpec r : resources) {
                if (DependencyExpression.parse(r.dependencies()).names().contains(current) && result.add(r.name())) {
                    work.push(r.name());
                }
            }
        }
        return result;
    }

    /** A copy with one resource replaced (matched by name). */
    public GroupSpec withResource(ResourceSpec replacement) {
        List<ResourceSpec> list = new ArrayList<>();
        for (ResourceSpec r : resources) {
            list.add(r.name().equalsIgnoreCase(replacement.name()) ? replacement : r);
        }
        return new GroupSpec(name, properties, preferredOwners, list);
    }

    /** A copy with the properties replaced. */
    public GroupSpec withProperties(GroupProperties newProperties) {
        return new GroupSpec(name, newProperties, preferredOwners, resources);
    }

    /** A copy with the preferred owners replaced. */
    public GroupSpec withPreferredOwners(List<String> owners) {
        return new GroupSpec(name, properties, owners, resources);
    }

    private static List<String> onlineOrder(String group, List<ResourceSpec> resources) {
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        for (ResourceSpec r : resources) {
            deps.put(r.name(), DependencyExpression.parse(r.dependencies()).names());
            if (!seen.add(r.name().toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidClusterConfigurationException(
                        "Group '" + group + "' has two resources named '" + r.name() + "'");
            }
        }
        deps.forEach((resource, names) -> names.forEach(dep -> {
            if (!deps.containsKey(dep)) {
                throw new InvalidClusterConfigurationException(
                        "Resource '" + resource + "' depends on [" + dep + "], which is not a resource of group '"
                                + group + "' (dependencies exist only within one group)");
            }
        }));
        List<String> order = new ArrayList<>();
        Map<String, Integer> mark = new HashMap<>(); // 1 = visiting, 2 = done
        for (String resource : deps.keySet()) {
            visit(resource, deps, mark, order, new ArrayDeque<>());
        }
        return order;
    }

    private static void visit(
            String resource,
            Map<String, Set<String>> deps,
            Map<String, Integer> mark,
            List<String> order,
            Deque<String> path) {
        Integer m = mark.get(resource);
        if (m != null && m == 2) {
            return;
        }
        path.addLast(resource);
        if (m != null) {
            List<String> cycle = new ArrayList<>(path);
            cycle = cycle.subList(cycle.indexOf(resource), cycle.size());
            throw new InvalidClusterConfigurationException(
                    "Dependency cycle: " + String.join(" -> ", cycle) + " (a resource cannot depend on itself)");
        }
        mark.put(resource, 1);
        for (String dep : deps.get(resource)) {
            visit(dep, deps, mark, order, path);
        }
        path.removeLast();
        mark.put(resource, 2);
        order.add(resource);
    }
}
