package org.entsso.cluster.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the node a group goes to, with WSFC's rules (anchors/wsfc.md §2.3, §2.4): preferred owners in order,
 * padded with the remaining nodes; on a failure, the next node after the one the group leaves (so preferred {3,4}
 * in a 4-node cluster becomes {3,4,1,2}, and a failure on 4 moves the group to 1); possible owners and eligibility
 * are a hard limit (only {@code candidates} are considered); soft anti-affinity avoids nodes hosting a group of the
 * same class when another node is free; hard anti-affinity never uses them. Pure and thread-safe.
 */
public final class OwnerSelection {
    private OwnerSelection() {}

    /** The preferred owners padded with the remaining cluster nodes in their id order. */
    public static List<String> paddedPreferredOwners(List<String> preferred, List<String> allNodesInIdOrder) {
        Set<String> order = new LinkedHashSet<>();
        for (String p : preferred) {
            if (allNodesInIdOrder.contains(p)) {
                order.add(p);
            }
        }
        order.addAll(allNodesInIdOrder);
        return new ArrayList<>(order);
    }

    /**
     * Picks the node for a group.
     *
     * @param order the padded preferred owners
     * @param candidates the nodes that may take the group now (Up, unpaused, possible owners, in the election)
     * @param leaving the node the group leaves on a failure or a move, or null for a first placement; the search
     *     starts after it and never returns it
     * @param conflicts for anti-affinity: node -> number of groups of a shared class it hosts (absent = 0)
     * @param hardAntiAffinity whether conflicting nodes are excluded rather than avoided
     * @return the chosen node, or empty when none fits
     */
    public static Optional<String> choose(
            List<String> order,
            Collection<String> candidates,
            String leaving,
            Map<String, Integer> conflicts,
            boolean hardAntiAffinity) {
        List<String> rotated = rotateAfter(order, leaving);
        rotated.removeIf(n -> !candidates.contains(n) || n.equals(leaving));
        Optional<String> free =
                rotated.stream().filter(n -> conflicts.getOrDefault(n, 0) == 0).findFirst();
        if (free.isPresent() || hardAntiAffinity) {
            return free;
        }
        return rotated.stream().findFirst();
    }

    private static List<String> rotateAfter(List<String> order, String leaving) {
        List<String> result = new ArrayList<>(order);
        int index = leaving == null ? -1 : order.indexOf(leaving);
        if (index >= 0) {
            result = new ArrayList<>(order.subList(index + 1, order.size()));
            result.addAll(order.subList(0, index + 1));
        }
        return result;
    }
}
