package org.entsso.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.entsso.cluster.events.ClusterEvent;
import org.entsso.cluster.events.Component;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code cluster checkpoint add|list|remove} (Add-/Get-/Remove-ClusterCheckpoint) and {@code cluster log --destination
 * --since --use-local-time} (Get-ClusterLog): parsing, printing, files and exit codes against {@link FakeClusterAdmin}.
 */
class CheckpointAndLogVerbsTest {
    private final FakeClusterAdmin admin = new FakeClusterAdmin();
    private final Map<String, String> env =
            new HashMap<>(Map.of("ENTSSO_ZK", "zk1:2181", "ENTSSO_ZK_PLAINTEXT", "true"));

    private CommandRun run(String... args) {
        return CommandRun.of(env, c -> admin, args);
    }

    private void logged(String time, String node, String message) {
        admin.log.add(
                new ClusterEvent(Instant.parse(time), node, "INFO", Component.RCM, 0, "TEST", "SSO", null, 1, message));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "checkpoint add|Add-ClusterCheckpoint",
                "checkpoint list|Get-ClusterCheckpoint",
                "checkpoint remove|Remove-ClusterCheckpoint",
                "log|Get-ClusterLog"
            })
    void everyVerb_answersHelpWithItsUsageAndCmdlet(String verbAndCmdlet) {
        String[] parts = verbAndCmdlet.split("\\|");

        CommandRun r = run((parts[0] + " --help").split(" "));

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: cluster " + parts[0], parts[1]);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void checkpointAdd_registry_printsResourceAndName() {
        CommandRun r = run("checkpoint", "add", "SSO Service", "--registry", "software\\entsso");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList())
                .containsExactly("Resource    Name", "--------    ----", "SSO Service software\\entsso");
        assertThat(admin.calls)
                .containsExactly("add checkpoint SSO Service Checkpoint[kind=Registry, name=software\\entsso,"
                        + " cryptoType=0, key=]");
    }

    @Test
    void checkpointAdd_crypto_printsResourceNameTypeKey() {
        CommandRun r = run(
                "checkpoint",
                "add",
                "SSO Service",
                "--crypto-name",
                "Microsoft Enhanced Cryptographic Provider v1.0",
                "--crypto-type",
                "1",
                "--crypto-key",
                "EntSsoKeys");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList())
                .containsExactly(
                        "Resource    Name                          Type Key",
                        "--------    ----                          ---- ---",
                        "SSO Service Microsoft Enhanced Cryptog... 1    EntSsoKeys");
    }

    @Test
    void checkpointAdd_needsExactlyOneKind_andAKnownResource() {
        CommandRun none = run("checkpoint", "add", "SSO Service");
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.errorLine()).startsWith("cluster checkpoint add:").contains("--registry");

        CommandRun both = run(
                "checkpoint",
                "add",
                "SSO Service",
                "--registry",
                "k",
                "--crypto-name",
                "P",
                "--crypto-type",
                "1",
                "--crypto-key",
                "K");
        assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.errorLine()).contains("mutually exclusive");

        CommandRun partial = run("checkpoint", "add", "SSO Service", "--crypto-name", "P");
        assertThat(partial.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(partial.errorLine()).contains("--crypto-key", "--crypto-type");

        CommandRun unknown = run("checkpoint", "add", "Nope", "--registry", "k");
        assertThat(unknown.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(unknown.errorLine()).isEqualTo("cluster: The cluster resource 'Nope' was not found.");
        assertThat(admin.calls).isEmpty();
    }

    @Test
    void checkpointList_printsEveryCheckpoint_orOneKind() {
        CommandRun all = run("checkpoint", "list");
        assertThat(all.out().lines().toList())
                .containsExactly(
                        "Resource    Name                          Type Key",
                        "--------    ----                          ---- ---",
                        "SSO Service software\\entsso",
                        "SSO Service Microsoft Enhanced Cryptog... 1    EntSsoKeys");

        CommandRun registry = run("checkpoint", "list", "SSO Service", "--registry");
        assertThat(registry.out().lines().toList())
                .containsExactly("Resource    Name", "--------    ----", "SSO Service software\\entsso");
        assertThat(admin.calls).containsExactly("checkpoints -", "checkpoints SSO Service");

        assertThat(run("checkpoint", "list", "--registry", "--crypto").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("checkpoint", "list", "Nope").errorLine())
                .isEqualTo("cluster: The cluster resource 'Nope' was not found.");
    }

    @Test
    void checkpointRemove_removesByName_refusesOneThatIsNotThere() {
        CommandRun r = run("checkpoint", "remove", "SSO Service", "--name", "software\\entsso", "--registry");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(admin.calls).containsExactly("remove checkpoint SSO Service software\\entsso Registry");

        CommandRun missing = run("checkpoint", "remove", "SSO Service", "--name", "software\\other");
        assertThat(missing.code()).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(missing.errorLine())
                .isEqualTo(
                        "cluster: The cluster checkpoint 'software\\other' of resource 'SSO Service' was not found.");

        assertThat(run("checkpoint", "remove", "SSO Service").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void logDestination_writesOneFilePerNode_linesInTimeOrder_andListsTheFiles(@TempDir Path dir) throws IOException {
        logged("2026-01-01T00:00:02Z", "node1", "second");
        logged("2026-01-01T00:00:03Z", "node2", "on node2");
        logged("2026-01-01T00:00:01Z", "node1", "first");
        Path target = dir.resolve("reports");

        CommandRun r = run("log", "--destination", target.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(target.resolve("node1_cluster.log"), StandardCharsets.UTF_8))
                .containsExactly(
                        "2026-01-01T00:00:01Z node1 INFO [RCM] first", "2026-01-01T00:00:02Z node1 INFO [RCM] second");
        assertThat(Files.readAllLines(target.resolve("node2_cluster.log"), StandardCharsets.UTF_8))
                .containsExactly("2026-01-01T00:00:03Z node2 INFO [RCM] on node2");
        assertThat(r.out()).contains("Directory: " + target);
        assertThat(r.out().lines().filter(l -> l.startsWith("Mode") || l.startsWith("-a----")))
                .hasSize(3)
                .first()
                .isEqualTo("Mode   LastWriteTime    Length Name");
        assertThat(r.out().lines().filter(l -> l.startsWith("-a----")).map(l -> l.substring(l.lastIndexOf(' ') + 1)))
                .containsExactly("node1_cluster.log", "node2_cluster.log");
    }

    @Test
    void logSince_dropsOlderLines_andTimespanStillReachesTheCluster(@TempDir Path dir) throws IOException {
        logged("2026-01-01T00:00:01Z", "node1", "old");
        logged("2026-01-01T00:05:00Z", "node1", "new");

        CommandRun r = run(
                "log",
                "--node",
                "node1",
                "--since",
                "2026-01-01T01:01+01:00",
                "--timespan",
                "30",
                "--destination",
                dir.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("node1_cluster.log"), StandardCharsets.UTF_8))
                .containsExactly("2026-01-01T00:05:00Z node1 INFO [RCM] new");
        assertThat(dir.resolve("node2_cluster.log")).doesNotExist();
        assertThat(admin.calls).containsExactly("log node1 PT30M");
    }

    @Test
    void useLocalTime_printsTheTimesInTheLocalZone_andReadsSinceInIt() {
        env.put("TZ", "Asia/Tokyo");
        logged("2026-01-01T00:00:01Z", "node1", "old");
        logged("2026-01-01T00:05:00Z", "node1", "new");

        CommandRun r = run("log", "--use-local-time", "--since", "2026-01-01 09:01");

        assertThat(r.out().lines().toList()).containsExactly("2026-01-01T09:05:00+09:00 node1 INFO [RCM] new");
        assertThat(run("log", "--since", "2026-01-01 00:01").out().lines().toList())
                .containsExactly("2026-01-01T00:05:00Z node1 INFO [RCM] new");
    }

    @Test
    void badSinceOrADestinationThatIsAFile_isAUsageError(@TempDir Path dir) throws IOException {
        CommandRun since = run("log", "--since", "yesterday");
        assertThat(since.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(since.errorLine()).startsWith("cluster: --since 'yesterday' is not a time");

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CommandRun dest = run("log", "--destination", file.toString());
        assertThat(dest.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(dest.errorLine())
                .isEqualTo("cluster: Cannot use --destination " + file + ": it is a file, not a directory");
    }
}
