package org.entsso.cluster.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.entsso.cluster.NoSuchClusterObjectException;
import org.entsso.cluster.format.Table;
import org.entsso.cluster.resource.ResourceSpec;

/** {@code Get-ClusterParameter}: a resource's private parameters as {@code Object Name Value Type} rows. */
final class ClusterParameters {
    /** The engine keeps every private parameter as text, so each has WSFC's {@code String} type. */
    private static final String TYPE = "String";

    private ClusterParameters() {}

    /**
     * Every parameter sorted by name when {@code names} is empty, else the named ones in the order asked
     * (case-insensitive, printed with their own spelling).
     *
     * @throws NoSuchClusterObjectException when the resource has no parameter of one of the names
     */
    static Map<String, String> select(ResourceSpec resource, List<String> names) {
        if (names == null || names.isEmpty()) {
            return new TreeMap<>(resource.parameters());
        }
        Map<String, String> chosen = new LinkedHashMap<>();
        for (String name : names) {
            Map.Entry<String, String> entry = resource.parameters().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst()
                    .orElseThrow(() ->
                            new NoSuchClusterObjectException("parameter", name + "' of resource '" + resource.name()));
            chosen.put(entry.getKey(), entry.getValue());
        }
        return chosen;
    }

    /** The table; values too long for their column are cut with {@code ...} as PowerShell's default view does. */
    static String table(String object, Map<String, String> parameters) {
        Table table = Table.of(
                new Table.Column("Object", 32),
                new Table.Column("Name", 32),
                new Table.Column("Value", 48),
                new Table.Column("Type", 16));
        parameters.forEach((name, value) -> table.row(object, name, value, TYPE));
        return table.render();
    }
}
