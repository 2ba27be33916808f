package org.entsso.cluster.cli;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ResourceInfo;
import org.entsso.cluster.format.Table;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cluster resource ...}: Get-/Start-/Stop-ClusterResource, Test-ClusterResourceFailure and properties. */
@Command(
        name = "resource",
        description = "Resources: list, get, start, stop, fail, clear-failure, get-property, set-property.",
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

    private void print(List<ResourceInfo> resources) {
        root.out().print(Table.resources(resources).render());
    }
}
