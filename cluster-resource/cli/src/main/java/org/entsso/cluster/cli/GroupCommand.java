package org.entsso.cluster.cli;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.format.Table;
import org.entsso.cluster.group.GroupSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cluster group ...}: Get-/Add-/Remove-/Move-/Start-/Stop-ClusterGroup, Add-ClusterGenericServiceRole,
 * Set-/Get-ClusterOwnerNode and group properties.
 */
@Command(
        name = "group",
        description = "Groups (roles): list, get, add, remove, add-generic-service, move, start, stop, set-owners,"
                + " get-owners, get-property, set-property.",
        mixinStandardHelpOptions = true,
        subcommands = GenericServiceRoleCommand.class)
final class GroupCommand implements Callable<Integer> {
    static final String DEFAULT_WAIT = "20";

    @ParentCommand
    ClusterCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "Missing group command: one of " + ClusterCommand.subcommandNames(spec));
    }

    @Command(name = "list", description = "Get-ClusterGroup: Name, OwnerNode, State of every group.")
    int list() {
        try (ClusterAdmin admin = root.connect()) {
            print(admin.groups());
        }
        return ExitCodes.OK;
    }

    @Command(name = "get", description = "Get-ClusterGroup -Name: one group's row.")
    int get(@Parameters(paramLabel = "NAME") String name) {
        try (ClusterAdmin admin = root.connect()) {
            print(List.of(admin.group(name)));
        }
        return ExitCodes.OK;
    }

    @Command(name = "add", description = "Add-ClusterGroup: creates an empty group (role), Offline; prints its row.")
    int add(@Parameters(paramLabel = "NAME") String name) {
        GroupSpec spec = GroupSpec.of(name, List.of(), List.of());
        try (ClusterAdmin admin = root.connect()) {
            admin.createGroup(spec);
            print(List.of(admin.group(spec.name())));
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "remove",
            description = "Remove-ClusterGroup [-RemoveResources]: removes an Offline group that has no resources"
                    + " left, or, with --remove-resources, the group and its resources.")
    int remove(
            @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--remove-resources", description = "Remove the group's resources with it.")
                    boolean removeResources) {
        try (ClusterAdmin admin = root.connect()) {
            admin.removeGroup(name, removeResources);
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "set-owners",
            description = "Set-ClusterOwnerNode -Group: sets the ordered preferred owners (NODE... or n1,n2).")
    int setOwners(
            @Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "NODE") List<String> nodes) {
        List<String> owners = OwnerNodes.parse(nodes);
        try (ClusterAdmin admin = root.connect()) {
            admin.setGroupProperty(name, "PreferredOwners", String.join(",", owners));
        }
        return ExitCodes.OK;
    }

    @Command(name = "get-owners", description = "Get-ClusterOwnerNode -Group: ClusterObject, OwnerNodes (preferred).")
    int getOwners(@Parameters(paramLabel = "NAME") String name) {
        try (ClusterAdmin admin = root.connect()) {
            GroupSpec spec = admin.groupSpec(name);
            root.out().print(OwnerNodes.table(spec.name(), spec.preferredOwners()));
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "move",
            description = "Move-ClusterGroup: a planned move to NODE, or to the best other preferred owner.")
    int move(
            @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--node", paramLabel = "NODE", description = "Target node.") String node,
            @Option(
                            names = "--wait",
                            paramLabel = "SECONDS",
                            defaultValue = DEFAULT_WAIT,
                            converter = Durations.WaitConverter.class,
                            description = "How long to wait for Online (default ${DEFAULT-VALUE}; 0 = do not wait).")
                    Duration wait) {
        try (ClusterAdmin admin = root.connect()) {
            print(List.of(admin.moveGroup(name, Optional.ofNullable(node), wait)));
        }
        return ExitCodes.OK;
    }

    @Command(name = "start", description = "Start-ClusterGroup: brings the group online.")
    int start(
            @Parameters(paramLabel = "NAME") String name,
            @Option(
                            names = "--wait",
                            paramLabel = "SECONDS",
                            defaultValue = DEFAULT_WAIT,
                            converter = Durations.WaitConverter.class,
                            description = "How long to wait (default ${DEFAULT-VALUE}; 0 = do not wait).")
                    Duration wait) {
        try (ClusterAdmin admin = root.connect()) {
            print(List.of(admin.startGroup(name, wait)));
        }
        return ExitCodes.OK;
    }

    @Command(name = "stop", description = "Stop-ClusterGroup: takes the group offline.")
    int stop(
            @Parameters(paramLabel = "NAME") String name,
            @Option(
                            names = "--wait",
                            paramLabel = "SECONDS",
                            defaultValue = DEFAULT_WAIT,
                            converter = Durations.WaitConverter.class,
                            description = "How long to wait (default ${DEFAULT-VALUE}; 0 = do not wait).")
                    Duration wait) {
        try (ClusterAdmin admin = root.connect()) {
            print(List.of(admin.stopGroup(name, wait)));
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "get-property",
            description = "Get-ClusterGroup | fl *: the group's common properties, or one property's value.")
    int getProperty(
            @Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1", arity = "0..1", paramLabel = "PROPERTY") String property) {
        try (ClusterAdmin admin = root.connect()) {
            Properties.print(root.out(), "group", name, admin.groupProperties(name), property);
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "set-property",
            description = "Sets a common group property (FailoverThreshold, AutoFailbackType, PreferredOwners, ...).")
    int setProperty(
            @Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1", paramLabel = "PROPERTY") String property,
            @Parameters(index = "2", paramLabel = "VALUE") String value) {
        try (ClusterAdmin admin = root.connect()) {
            admin.setGroupProperty(name, property, value);
        }
        return ExitCodes.OK;
    }

    void print(List<GroupInfo> groups) {
        root.out().print(Table.groups(groups).render());
    }
}
