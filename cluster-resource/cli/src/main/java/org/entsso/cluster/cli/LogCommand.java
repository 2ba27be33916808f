package org.entsso.cluster.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.events.ClusterEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cluster log}: Get-ClusterLog, printed as Cluster.log lines (GMT timestamps). */
@Command(
        name = "log",
        description = "Get-ClusterLog: the cluster log of every node (or one), oldest first.",
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

    @Override
    public Integer call() {
        try (ClusterAdmin admin = root.connect()) {
            for (ClusterEvent event : admin.log(Optional.ofNullable(node), timeSpan)) {
                root.out().println(event.format());
            }
        }
        return ExitCodes.OK;
    }
}
