package org.entsso.cluster.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.entsso.cluster.events.ClusterEvent;
import org.entsso.cluster.format.Table;

/**
 * {@code Get-ClusterLog -Destination}: one {@code <node>_cluster.log} per node (anchors/wsfc.md §4, §5), its lines in
 * time order, and the {@code Mode LastWriteTime Length Name} table PowerShell prints for the files written.
 */
final class ClusterLogFiles {
    private static final DateTimeFormatter LAST_WRITE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private ClusterLogFiles() {}

    /** The file name Get-ClusterLog gives a node's log. */
    static String fileName(String node) {
        return node + "_cluster.log";
    }

    /**
     * Writes (replacing) one file per node in {@code directory}, created if missing, with that node's events in time
     * order, timestamps in {@code zone}; a node without events gets an empty file. Returns the files in node order.
     *
     * @throws UsageException when the directory cannot be created or a file cannot be written
     */
    static List<Path> write(Path directory, List<String> nodes, List<ClusterEvent> events, ZoneId zone) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new UsageException("Cannot use --destination " + directory + ": it is a file, not a directory");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UsageException("Cannot use --destination " + directory + ": " + describe(e));
        }
        List<Path> files = new ArrayList<>();
        for (String node : nodes) {
            List<String> lines = events.stream()
                    .filter(e -> e.node().equals(node))
                    .sorted(Comparator.comparing(ClusterEvent::time))
                    .map(e -> e.format(zone))
                    .toList();
            Path file = directory.resolve(fileName(node));
            try {
                Files.write(file, lines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("Cannot write " + file + ": " + describe(e));
            }
            files.add(file);
        }
        return files;
    }

    /**
     * PowerShell's listing of the files: a Directory line, then {@code Mode LastWriteTime Length Name}, by name as
     * {@code Get-ChildItem} sorts them.
     */
    static String listing(Path directory, List<Path> files, ZoneId zone) {
        Table table = Table.of(
                new Table.Column("Mode", 6),
                new Table.Column("LastWriteTime", 16),
                new Table.Column("Length", 12),
                new Table.Column("Name", 32));
        for (Path file :
                files.stream().sorted(Comparator.comparing(Path::getFileName)).toList()) {
            try {
                String time =
                        Files.getLastModifiedTime(file).toInstant().atZone(zone).format(LAST_WRITE);
                table.row(
                        "-a----",
                        time,
                        String.valueOf(Files.size(file)),
                        file.getFileName().toString());
            } catch (IOException e) {
                throw new UsageException("Cannot read " + file + " back: " + describe(e));
            }
        }
        String nl = System.lineSeparator();
        return nl + "    Directory: " + directory.toAbsolutePath().normalize() + nl + nl + table.render();
    }

    private static String describe(IOException e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + " " + e.getMessage();
    }
}
