package org.entsso.cluster.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.format.Table;
import org.entsso.cluster.resource.Checkpoint;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cluster checkpoint ...}: Add-/Get-/Remove-ClusterCheckpoint (anchors/wsfc.md §2.7), the registry and crypto
 * checkpoints registered on a resource.
 */
@Command(
        name = "checkpoint",
        description = "Registry and crypto checkpoints of resources: add, list, remove.",
        mixinStandardHelpOptions = true)
final class CheckpointCommand implements Callable<Integer> {
    @ParentCommand
    ClusterCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Which checkpoint to add: a registry key, or a crypto provider with its type and key container. */
    static final class What {
        @Option(
                names = "--registry",
                paramLabel = "KEY",
                description = "-RegistryCheckpoint: a registry key, e.g. software\\\\clusname.")
        String registryKey;

        @ArgGroup(exclusive = false)
        Crypto crypto;
    }

    /** {@code -CryptoCheckpointName -CryptoCheckpointType -CryptoCheckpointKey}. */
    static final class Crypto {
        @Option(names = "--crypto-name", required = true, paramLabel = "PROVIDER", description = "The provider.")
        String name;

        @Option(
                names = "--crypto-type",
                required = true,
                paramLabel = "TYPE",
                description = "The provider type, e.g. 1 (PROV_RSA_FULL).")
        int type;

        @Option(names = "--crypto-key", required = true, paramLabel = "KEY", description = "The key container.")
        String key;
    }

    /** {@code -RegistryCheckpoint} / {@code -CryptoCheckpoint} switches of Get- and Remove-ClusterCheckpoint. */
    static final class Kind {
        @Option(names = "--registry", description = "Only registry checkpoints.")
        boolean registry;

        @Option(names = "--crypto", description = "Only crypto checkpoints.")
        boolean crypto;

        Optional<Checkpoint.Kind> kind() {
            return registry ? Optional.of(Checkpoint.Kind.Registry) : Optional.of(Checkpoint.Kind.Crypto);
        }
    }

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "Missing checkpoint command: one of " + ClusterCommand.subcommandNames(spec));
    }

    @Command(
            name = "add",
            description = "Add-ClusterCheckpoint: registers a registry checkpoint (--registry KEY) or a crypto"
                    + " checkpoint (--crypto-name, --crypto-type, --crypto-key) on RESOURCE; prints it.")
    int add(
            @Parameters(paramLabel = "RESOURCE") String resource,
            @ArgGroup(exclusive = true, multiplicity = "1") What what) {
        Checkpoint checkpoint = what.registryKey != null
                ? Checkpoint.registry(what.registryKey)
                : Checkpoint.crypto(what.crypto.name, what.crypto.type, what.crypto.key);
        try (ClusterAdmin admin = root.connect()) {
            admin.addCheckpoint(resource, checkpoint);
            String name = admin.resource(resource).name();
            root.out().print(table(Map.of(name, List.of(checkpoint)), Optional.empty(), Optional.empty()));
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "list",
            description = "Get-ClusterCheckpoint: Resource, Name (and Type, Key for crypto checkpoints) of every"
                    + " checkpoint, or of RESOURCE's.")
    int list(
            @Parameters(arity = "0..1", paramLabel = "RESOURCE") String resource,
            @Option(names = "--name", paramLabel = "NAME", description = "-CheckpointName: only this one.") String name,
            @ArgGroup(exclusive = true) Kind kind) {
        try (ClusterAdmin admin = root.connect()) {
            Map<String, List<Checkpoint>> checkpoints = admin.checkpoints(Optional.ofNullable(resource));
            root.out()
                    .print(table(
                            checkpoints, Optional.ofNullable(name), kind == null ? Optional.empty() : kind.kind()));
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "remove",
            description = "Remove-ClusterCheckpoint: removes RESOURCE's checkpoints named NAME (only registry or"
                    + " crypto ones with --registry or --crypto).")
    int remove(
            @Parameters(paramLabel = "RESOURCE") String resource,
            @Option(names = "--name", required = true, paramLabel = "NAME", description = "-CheckpointName.")
                    String name,
            @ArgGroup(exclusive = true) Kind kind) {
        try (ClusterAdmin admin = root.connect()) {
            admin.removeCheckpoints(resource, name, kind == null ? Optional.empty() : kind.kind());
        }
        return ExitCodes.OK;
    }

    /**
     * {@code Resource Name Type Key} as Get-ClusterCheckpoint prints them; only {@code Resource Name} when every row
     * is a registry checkpoint (anchors/wsfc.md §2.7).
     */
    static String table(
            Map<String, List<Checkpoint>> checkpoints, Optional<String> name, Optional<Checkpoint.Kind> kind) {
        List<Map.Entry<String, Checkpoint>> rows = checkpoints.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(c -> Map.entry(e.getKey(), c)))
                .filter(e ->
                        name.map(n -> n.equalsIgnoreCase(e.getValue().name())).orElse(true))
                .filter(e -> kind.map(k -> k == e.getValue().kind()).orElse(true))
                .toList();
        boolean crypto = rows.stream().anyMatch(e -> e.getValue().kind() == Checkpoint.Kind.Crypto);
        Table table = crypto
                ? Table.of(
                        new Table.Column("Resource", 29),
                        new Table.Column("Name", 29),
                        new Table.Column("Type", 8),
                        new Table.Column("Key", 29))
                : Table.of(new Table.Column("Resource", 29), new Table.Column("Name", 29));
        for (Map.Entry<String, Checkpoint> row : rows) {
            Checkpoint c = row.getValue();
            if (crypto) {
                String type = c.kind() == Checkpoint.Kind.Crypto ? String.valueOf(c.cryptoType()) : "";
                table.row(row.getKey(), c.name(), type, c.key());
            } else {
                table.row(row.getKey(), c.name());
            }
        }
        return table.render();
    }
}
