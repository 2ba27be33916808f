package org.entsso.cluster.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.events.ClusterEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cluster log}: Get-ClusterLog (anchors/wsfc.md §4, §5), printed as Cluster.log lines, or written as one
 * {@code <node>_cluster.log} per node with {@code --destination}. Timestamps are GMT unless {@code --use-local-time}.
 */
@Command(
        name = "log",
        description = "Get-ClusterLog: the cluster log of every node (or one), oldest first; printed, or written as"
                + " one <node>_cluster.log per node with --destination. Timestamps are GMT unless --use-local-time.",
        mixinStandardHelpOptions = true)
final class LogCommand implements Callable<Integer> {
    @ParentCommand
    ClusterCommand root;

    @Option(names = "--node", paramLabel = "NODE", description = "Only this node's log.")
    String node;

    @Option(
            names = "--timespan",
            paramLabel = "MINUTES",
            converter = Durations.MinutesConverter.class,
            description = "Only the last MINUTES minutes (default: everything kept).")
    Duration timeSpan;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Only events at or after TIME: 2026-12-04T09:00:00Z, 2026-12-04T10:00+01:00, or"
                    + " 2026-12-04T09:00 (GMT, or local time with --use-local-time). With --timespan, the later"
                    + " bound wins.")
    String since;

    @Option(
            names = "--use-local-time",
            description = "-UseLocalTime: timestamps in this machine's time zone (TZ) instead of GMT.")
    boolean useLocalTime;

    @Option(
            names = "--destination",
            paramLabel = "DIR",
            description = "-Destination: write <node>_cluster.log for each node into DIR (created if missing, files"
                    + " replaced) and list them, instead of printing the lines.")
    Path destination;

    @Override
    public Integer call() {
        ZoneId zone = useLocalTime ? root.localZone() : ZoneOffset.UTC;
        Instant from = since == null ? Instant.MIN : parseSince(since, zone);
        try (ClusterAdmin admin = root.connect()) {
            List<ClusterEvent> events = admin.log(Optional.ofNullable(node), timeSpan).stream()
                    .filter(e -> !e.time().isBefore(from))
                    .toList();
            if (destination == null) {
                events.forEach(e -> root.out().println(e.format(zone)));
            } else {
                List<Path> files = ClusterLogFiles.write(destination, nodes(admin, events), events, zone);
                root.out().print(ClusterLogFiles.listing(destination, files, zone));
            }
        }
        return ExitCodes.OK;
    }

    /** {@code --node}'s own spelling, or every node the cluster knows and every node that logged (evicted ones). */
    private List<String> nodes(ClusterAdmin admin, List<ClusterEvent> events) {
        List<String> nodes = new ArrayList<>();
        for (NodeInfo n : admin.nodes()) {
            if (node == null || n.name().equalsIgnoreCase(node)) {
                nodes.add(n.name());
            }
        }
        events.stream()
                .map(ClusterEvent::node)
                .distinct()
                .filter(n -> !nodes.contains(n))
                .forEach(nodes::add);
        return nodes;
    }

    /** A time with an offset ({@code Z}, {@code +01:00}), or a date-time without one, read in {@code zone}. */
    static Instant parseSince(String text, ZoneId zone) {
        String value = text.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new UsageException("--since '" + text + "' is not a time: use e.g. 2026-12-04T09:00:00Z,"
                        + " 2026-12-04T10:00+01:00 or 2026-12-04T09:00");
            }
        }
    }
}
