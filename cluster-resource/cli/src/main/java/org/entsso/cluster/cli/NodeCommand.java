package org.entsso.cluster.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.format.Table;
import org.entsso.cluster.node.FailbackMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cluster node ...}: Get-ClusterNode, Suspend-ClusterNode, Resume-ClusterNode. */
@Command(name = "node", description = "Nodes: list, pause, resume.", mixinStandardHelpOptions = true)
final class NodeCommand implements Callable<Integer> {
    private static final String NODE_WAIT = "60";

    @ParentCommand
    ClusterCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "Missing node command: one of " + ClusterCommand.subcommandNames(spec));
    }

    @Command(name = "list", description = "Get-ClusterNode: Name, ID, State of every node.")
    int list() {
        try (ClusterAdmin admin = root.connect()) {
            root.out().print(Table.nodes(admin.nodes()).render());
        }
        return ExitCodes.OK;
    }

    @Command(name = "pause", description = "Suspend-ClusterNode: pauses the node; --drain first moves its groups away.")
    int pause(
            @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--drain", description = "Move the node's groups away gracefully first.") boolean drain,
            @Option(names = "--force-drain", description = "With --drain, stop the groups that cannot move.")
                    boolean forceDrain,
            @Option(
                            names = "--wait",
                            paramLabel = "SECONDS",
                            defaultValue = NODE_WAIT,
                            converter = Durations.WaitConverter.class,
                            description = "How long to wait for the drain (default ${DEFAULT-VALUE}).")
                    Duration wait) {
        if (forceDrain && !drain) {
            throw new ParameterException(spec.commandLine(), "--force-drain needs --drain");
        }
        try (ClusterAdmin admin = root.connect()) {
            root.out()
                    .print(Table.nodeStates(List.of(admin.pauseNode(name, drain, forceDrain, wait)))
                            .render());
        }
        return ExitCodes.OK;
    }

    @Command(name = "resume", description = "Resume-ClusterNode: the node hosts groups again.")
    int resume(
            @Parameters(paramLabel = "NAME") String name,
            @Option(
                            names = "--failback",
                            paramLabel = "MODE",
                            defaultValue = "NoFailback",
                            description = "NoFailback (default), Immediate or Policy.")
                    FailbackMode failback,
            @Option(
                            names = "--wait",
                            paramLabel = "SECONDS",
                            defaultValue = NODE_WAIT,
                            converter = Durations.WaitConverter.class,
                            description = "How long to wait for the failback (default ${DEFAULT-VALUE}).")
                    Duration wait) {
        try (ClusterAdmin admin = root.connect()) {
            root.out()
                    .print(Table.nodeStates(List.of(admin.resumeNode(name, failback, wait)))
                            .render());
        }
        return ExitCodes.OK;
    }
}
