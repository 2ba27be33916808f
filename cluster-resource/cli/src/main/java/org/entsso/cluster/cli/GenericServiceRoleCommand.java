package org.entsso.cluster.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.resource.Checkpoint;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.types.GenericServiceType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cluster group add-generic-service}: {@code Add-ClusterGenericServiceRole -ServiceName [-CheckpointKey]
 * [-Name]} (anchors/wsfc.md §2.6, §2.7): a new group with one Generic Service resource, its registry checkpoints,
 * brought online as the cmdlet does.
 */
@Command(
        name = "add-generic-service",
        description = "Add-ClusterGenericServiceRole: creates a group (role) with a Generic Service resource for"
                + " SERVICE, registers its checkpoint keys and brings it online; prints the group's row.",
        mixinStandardHelpOptions = true)
final class GenericServiceRoleCommand implements Callable<Integer> {
    @ParentCommand
    GroupCommand group;

    @Option(
            names = "--service-name",
            required = true,
            paramLabel = "SERVICE",
            description = "-ServiceName: the service's name in the nodes' service registry; also the resource's name.")
    String serviceName;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "-Name: the group's name (default: the cluster's name followed by GenSvc, e.g."
                    + " cluster1GenSvc).")
    String name;

    @Option(
            names = "--checkpoint-key",
            paramLabel = "KEY",
            description = "-CheckpointKey: a registry checkpoint for the resource (repeatable).")
    List<String> checkpointKeys = new ArrayList<>();

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            defaultValue = GroupCommand.DEFAULT_WAIT,
            converter = Durations.WaitConverter.class,
            description = "How long to wait for Online (default ${DEFAULT-VALUE}; 0 = do not wait).")
    Duration wait;

    @Override
    public Integer call() {
        String groupName = name != null ? name : group.root.connection().clusterName() + "GenSvc";
        List<Checkpoint> checkpoints = new ArrayList<>();
        checkpointKeys.forEach(key -> checkpoints.add(Checkpoint.registry(key)));
        ResourceSpec resource = ResourceSpec.of(
                        serviceName, GenericServiceType.NAME, Map.of(GenericServiceType.SERVICE_NAME, serviceName))
                .withCheckpoints(checkpoints);
        GroupSpec spec = GroupSpec.of(groupName, List.of(), List.of(resource));
        try (ClusterAdmin admin = group.root.connect()) {
            admin.createGroup(spec);
            group.print(List.of(admin.startGroup(spec.name(), wait)));
        }
        return ExitCodes.OK;
    }
}
