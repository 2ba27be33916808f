package org.entsso.cluster.format;

import java.util.ArrayList;
import java.util.List;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.ResourceInfo;

/**
 * A table printed the way PowerShell's default table view prints cmdlet output (anchors/wsfc.md §4): a header row, a
 * row of dashes as long as each header, columns one space apart and padded to the widest value, values longer than a
 * column's limit cut with {@code ...} ({@code Cluster IP Addre...}). The last column is never cut. Not thread-safe.
 */
public final class Table {
    /** PowerShell 5.1's truncation marker. */
    static final String ELLIPSIS = "...";

    /** A column: its header and the widest it may grow before values are cut. */
    public record Column(String header, int maxWidth) {
        public Column {
            if (maxWidth < Math.max(header.length(), ELLIPSIS.length() + 1)) {
                throw new IllegalArgumentException("Column '" + header + "' is narrower than its header");
            }
        }
    }

    private final List<Column> columns;
    private final List<String[]> rows = new ArrayList<>();

    private Table(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** A table with these columns. */
    public static Table of(Column... columns) {
        return new Table(List.of(columns));
    }

    /** {@code Get-ClusterGroup}: Name, OwnerNode, State. */
    public static Table groups(List<GroupInfo> groups) {
        Table table = of(new Column("Name", 32), new Column("OwnerNode", 16), new Column("State", 32));
        groups.forEach(
                g -> table.row(g.name(), nullToEmpty(g.ownerNode()), g.state().display()));
        return table;
    }

    /** {@code Get-ClusterResource}: Name, State, Group, ResourceType. */
    public static Table resources(List<ResourceInfo> resources) {
        Table table = of(
                new Column("Name", 32),
                new Column("State", 16),
                new Column("Group", 24),
                new Column("ResourceType", 24));
        resources.forEach(r -> table.row(r.name(), r.state().name(), nullToEmpty(r.group()), r.resourceType()));
        return table;
    }

    /** {@code Get-ClusterNode}: Name, ID, State. */
    public static Table nodes(List<NodeInfo> nodes) {
        Table table = of(new Column("Name", 32), new Column("ID", 8), new Column("State", 16));
        nodes.forEach(n -> table.row(n.name(), String.valueOf(n.id()), n.state().name()));
        return table;
    }

    /** {@code Suspend-ClusterNode} / {@code Resume-ClusterNode}: Name, State. */
    public static Table nodeStates(List<NodeInfo> nodes) {
        Table table = of(new Column("Name", 32), new Column("State", 16));
        nodes.forEach(n -> table.row(n.name(), n.state().name()));
        return table;
    }

    /** Adds a row; it must have one value per column (null prints as empty). */
    public Table row(String... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("A row needs " + columns.size() + " values, not " + values.length);
        }
        String[] copy = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            copy[i] = nullToEmpty(values[i]);
        }
        rows.add(copy);
        return this;
    }

    /** The table as lines, without trailing spaces, each ending with a line separator. */
    public String render() {
        int[] widths = widths();
        StringBuilder out = new StringBuilder();
        line(out, widths, columns.stream().map(Column::header).toArray(String[]::new));
        line(
                out,
                widths,
                columns.stream().map(c -> "-".repeat(c.header().length())).toArray(String[]::new));
        rows.forEach(row -> line(out, widths, row));
        return out.toString();
    }

    private int[] widths() {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            Column column = columns.get(i);
            int width = column.header().length();
            for (String[] row : rows) {
                width = Math.max(width, row[i].length());
            }
            boolean last = i == widths.length - 1;
            widths[i] = last ? width : Math.min(width, column.maxWidth());
        }
        return widths;
    }

    private static void line(StringBuilder out, int[] widths, String[] values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(' ');
            }
            line.append(pad(cut(values[i], widths[i]), widths[i]));
        }
        out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }

    static String cut(String value, int width) {
        if (value.length() <= width) {
            return value;
        }
        return value.substring(0, width - ELLIPSIS.length()) + ELLIPSIS;
    }

    private static String pad(String value, int width) {
        return value.length() >= width ? value : value + " ".repeat(width - value.length());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
