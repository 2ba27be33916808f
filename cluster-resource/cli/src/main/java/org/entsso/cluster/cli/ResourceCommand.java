package org.entsso.cluster.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.NoSuchClusterObjectException;
import org.entsso.cluster.ResourceInfo;
import org.entsso.cluster.format.Table;
import org.entsso.cluster.resource.ResourceSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cluster resource ...}: Get-/Add-/Remove-/Start-/Stop-ClusterResource, Test-ClusterResourceFailure,
 * Set-/Get-ClusterOwnerNode, Get-ClusterParameter and properties.
 */
@Command(
        name = "resource",
        description = "Resources: list, get, add, remove, start, stop, fail, clear-failure, set-owners, get-owners,"
                + " get-parameter, get-property, set-property.",
        mixinStandardHelpOptions = true)
final class ResourceCommand implements Callable<Integer> {
    @ParentCommand
    ClusterCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** The {@code --wait} option shared by the verbs that change a resource. */
    static final class WaitOption {
        @Option(
                names = "--wait",
                paramLabel = "SECONDS",
                defaultValue = GroupCommand.DEFAULT_WAIT,
                converter = Durations.WaitConverter.class,
                description = "How long to wait for the outcome (default ${DEFAULT-VALUE}; 0 = do not wait).")
        Duration wait;
    }

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "Missing resource command: one of " + ClusterCommand.subcommandNames(spec));
    }

    @Command(name = "list", description = "Get-ClusterResource: Name, State, Group, ResourceType of every resource.")
    int list() {
        try (ClusterAdmin admin = root.connect()) {
            print(admin.resources());
        }
        return ExitCodes.OK;
    }

    @Command(name = "get", description = "Get-ClusterResource -Name: one resource's row.")
    int get(@Parameters(paramLabel = "NAME") String name) {
        try (ClusterAdmin admin = root.connect()) {
            print(List.of(admin.resource(name)));
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "add",
            description = "Add-ClusterResource -Group -ResourceType: adds a resource to a group, Offline (the group"
                    + " goes on running); prints its row.")
    int add(
            @Parameters(paramLabel = "NAME") String name,
            @Option(names = "--group", required = true, paramLabel = "GROUP", description = "-Group: its group.")
                    String group,
            @Option(
                            names = "--type",
                            required = true,
                            paramLabel = "TYPE",
                            description = "-ResourceType, e.g. \"Generic Service\".")
                    String type,
            @Option(
                            names = "--parameter",
                            paramLabel = "NAME=VALUE",
                            description = "A private parameter (Set-ClusterParameter), e.g. ServiceName=EntSsoSvc;"
                                    + " repeatable.")
                    Map<String, String> parameters) {
        ResourceSpec spec = ResourceSpec.of(name, type, parameters == null ? Map.of() : parameters);
        try (ClusterAdmin admin = root.connect()) {
            print(List.of(admin.addResource(group, spec)));
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "remove",
            description = "Remove-ClusterResource: removes an Offline or Failed resource that nothing depends on.")
    int remove(@Parameters(paramLabel = "NAME") String name) {
        try (ClusterAdmin admin = root.connect()) {
            admin.removeResource(name);
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "set-owners",
            description = "Set-ClusterOwnerNode -Resource: sets the possible owners (NODE... or n1,n2), the only nodes"
                    + " that may host it.")
    int setOwners(
            @Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "NODE") List<String> nodes) {
        List<String> owners = OwnerNodes.parse(nodes);
        try (ClusterAdmin admin = root.connect()) {
            admin.setResourceProperty(name, "PossibleOwners", String.join(",", owners));
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "get-owners",
            description = "Get-ClusterOwnerNode -Resource: ClusterObject, OwnerNodes (possible; {} = every node).")
    int getOwners(@Parameters(paramLabel = "NAME") String name) {
        try (ClusterAdmin admin = root.connect()) {
            ResourceSpec spec = spec(admin, name);
            root.out().print(OwnerNodes.table(spec.name(), spec.possibleOwners()));
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "get-parameter",
            description = "Get-ClusterParameter: Object, Name, Value, Type of the resource's private parameters, or"
                    + " of those named.")
    int getParameter(
            @Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1..*", arity = "0..*", paramLabel = "PARAMETER") List<String> names) {
        try (ClusterAdmin admin = root.connect()) {
            ResourceSpec spec = spec(admin, name);
            root.out().print(ClusterParameters.table(spec.name(), ClusterParameters.select(spec, names)));
        }
        return ExitCodes.OK;
    }

    @Command(name = "start", description = "Start-ClusterResource: brings it (and what it depends on) online.")
    int start(@Parameters(paramLabel = "NAME") String name, @CommandLine.Mixin WaitOption wait) {
        try (ClusterAdmin admin = root.connect()) {
            print(List.of(admin.startResource(name, wait.wait)));
        }
        return ExitCodes.OK;
    }

    @Command(name = "stop", description = "Stop-ClusterResource: takes it offline after the resources that need it.")
    int stop(@Parameters(paramLabel = "NAME") String name, @CommandLine.Mixin WaitOption wait) {
        try (ClusterAdmin admin = root.connect()) {
            print(List.of(admin.stopResource(name, wait.wait)));
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "fail",
            description = "Test-ClusterResourceFailure: fails it so the restart and failover policies run.")
    int fail(@Parameters(paramLabel = "NAME") String name, @CommandLine.Mixin WaitOption wait) {
        try (ClusterAdmin admin = root.connect()) {
            print(List.of(admin.failResource(name, wait.wait)));
        }
        return ExitCodes.OK;
    }

    @Command(name = "clear-failure", description = "Clears a Failed resource's failure so it is retried at once.")
    int clearFailure(@Parameters(paramLabel = "NAME") String name, @CommandLine.Mixin WaitOption wait) {
        try (ClusterAdmin admin = root.connect()) {
            print(List.of(admin.clearResourceFailure(name, wait.wait)));
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "get-property",
            description = "Get-ClusterResource | fl *: the resource's properties, or one property's value.")
    int getProperty(
            @Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1", arity = "0..1", paramLabel = "PROPERTY") String property) {
        try (ClusterAdmin admin = root.connect()) {
            Properties.print(root.out(), "resource", name, admin.resourceProperties(name), property);
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "set-property",
            description = "Sets a common property (RestartThreshold, ...), a private parameter, PossibleOwners or"
                    + " Dependency.")
    int setProperty(
            @Parameters(index = "0", paramLabel = "NAME") String name,
            @Parameters(index = "1", paramLabel = "PROPERTY") String property,
            @Parameters(index = "2", paramLabel = "VALUE") String value) {
        try (ClusterAdmin admin = root.connect()) {
            admin.setResourceProperty(name, property, value);
        }
        return ExitCodes.OK;
    }

    /** The definition of a resource, through its group. */
    private static ResourceSpec spec(ClusterAdmin admin, String name) {
        ResourceInfo row = admin.resource(name);
        return admin.groupSpec(row.group())
                .resource(row.name())
                .orElseThrow(() -> new NoSuchClusterObjectException("resource", name));
    }

    private void print(List<ResourceInfo> resources) {
        root.out().print(Table.resources(resources).render());
    }
}
