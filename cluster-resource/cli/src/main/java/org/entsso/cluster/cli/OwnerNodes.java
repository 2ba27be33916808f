package org.entsso.cluster.cli;

import java.util.ArrayList;
import java.util.List;
import org.entsso.cluster.format.Table;

/**
 * The owner lists of {@code Set-/Get-ClusterOwnerNode} (anchors/wsfc.md §2.3): a group's ordered preferred owners, a
 * resource's possible owners.
 */
final class OwnerNodes {
    private OwnerNodes() {}

    /** The nodes given as separate arguments, comma-separated lists or both, in order, without blanks. */
    static List<String> parse(List<String> arguments) {
        List<String> nodes = new ArrayList<>();
        for (String argument : arguments) {
            for (String node : argument.split(",")) {
                if (!node.isBlank()) {
                    nodes.add(node.strip());
                }
            }
        }
        if (nodes.isEmpty()) {
            throw new UsageException("Name at least one owner node (NODE[,NODE...]).");
        }
        return nodes;
    }

    /** {@code Get-ClusterOwnerNode}: {@code ClusterObject OwnerNodes}, the list as PowerShell prints a collection. */
    static String table(String object, List<String> owners) {
        return Table.of(new Table.Column("ClusterObject", 40), new Table.Column("OwnerNodes", 16))
                .row(object, "{" + String.join(", ", owners) + "}")
                .render();
    }
}
