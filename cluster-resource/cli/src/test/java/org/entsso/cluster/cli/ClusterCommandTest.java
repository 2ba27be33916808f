package org.entsso.cluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ClusterTlsException;
import org.entsso.cluster.ClusterUnavailableException;
import org.entsso.cluster.ZkCredentials;
import org.entsso.cluster.ZkTls;
import org.entsso.cluster.events.ClusterEvent;
import org.entsso.cluster.events.Component;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCommandTest {
    private final FakeClusterAdmin admin = new FakeClusterAdmin();
    private final List<ClusterConnection> connections = new ArrayList<>();
    private final Map<String, String> env =
            new HashMap<>(Map.of("ENTSSO_ZK", "zk1:2181,zk2:2181", "ENTSSO_ZK_PLAINTEXT", "true"));
    private Function<ClusterConnection, ClusterAdmin> connector = c -> {
        connections.add(c);
        return admin;
    };
    private String out;
    private String err;

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = ClusterCommand.run(
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8),
                env,
                connector,
                args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void groupList_printsGetClusterGroupTable() {
        assertThat(run("group", "list")).isZero();

        assertThat(out.lines().toList())
                .containsExactly("Name OwnerNode State", "---- --------- -----", "SSO  node1     Online");
        assertThat(err).isEmpty();
        assertThat(admin.closed).isTrue();
    }

    @Test
    void resourceAndNodeLists_printTheirCmdletColumns() {
        assertThat(run("resource", "list")).isZero();
        assertThat(out.lines().findFirst()).hasValue("Name        State  Group ResourceType");

        assertThat(run("node", "list")).isZero();
        assertThat(out.lines().toList())
                .containsExactly("Name  ID State", "----  -- -----", "node1 1  Up", "node2 2  Up");
    }

    @Test
    void connectionComesFromEnvironment_clusterNameDefaultsToCluster1() {
        run("group", "list");

        assertThat(connections).singleElement().satisfies(c -> {
            assertThat(c.connectString()).isEqualTo("zk1:2181,zk2:2181");
            assertThat(c.clusterName()).isEqualTo("cluster1");
            assertThat(c.credentials()).isEmpty();
        });
    }

    @Test
    void whenTheConnectStringIsMalformed_thenOneUsageLineAndExit2_beforeAnyConnection() {
        // issue 9 item 11: ':::garbage' used to print 81 lines of NumberFormatException and exit 3 (unreachable)
        for (String bad : new String[] {":::garbage", "zk1:99999", "zk1:2181,,zk2:2181", "zk 1:2181", "zk1:port"}) {
            connections.clear();
            assertThat(run("-z", bad, "group", "list")).as(bad).isEqualTo(ExitCodes.USAGE);
            assertThat(err.strip()).as(bad).contains("is not host:port").doesNotContain("\n", "Exception");
            assertThat(connections).as(bad).isEmpty();
        }
    }

    @Test
    void whenTheConnectStringIsWellFormed_thenItIsAccepted() {
        for (String good : new String[] {"zk1", "10.0.0.1:2181", "[::1]:2181", "a.example.com:2181,b:2182/chroot"}) {
            assertThat(run("-z", good, "group", "list")).as(good).isZero();
        }
    }

    @Test
    void flagsOverrideEnvironment() {
        env.put("ENTSSO_CLUSTER", "prod");

        run("--zk", "other:2181", "group", "list");
        run("-z", "other:2181", "--cluster", "test", "group", "list");

        assertThat(connections).extracting(ClusterConnection::connectString).containsOnly("other:2181");
        assertThat(connections).extracting(ClusterConnection::clusterName).containsExactly("prod", "test");
    }

    @Test
    void credentials_fromEnvironmentOrFile_neverEchoed(@TempDir Path dir) throws IOException {
        env.put("ENTSSO_ZK_AUTH", "ops:s3cret");
        run("group", "list");
        Path file = dir.resolve("auth");
        Files.writeString(file, "\nnode:pa55\n");
        run("--zk-auth-file", file.toString(), "group", "list");

        assertThat(connections)
                .extracting(c -> c.credentials().orElseThrow())
                .containsExactly(new ZkCredentials("ops", "s3cret"), new ZkCredentials("node", "pa55"));

        env.put("ENTSSO_ZK_AUTH", "no-colon-s3cret");
        assertThat(run("group", "list")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("ENTSSO_ZK_AUTH must hold user:password").doesNotContain("s3cret");
    }

    @Test
    void missingConnectString_isAUsageError() {
        env.clear();

        assertThat(run("group", "list")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.lines().toList())
                .singleElement()
                .asString()
                .contains("--zk")
                .contains("ENTSSO_ZK");
    }

    @Test
    void unknownSubcommand_exits2WithOneLine() {
        assertThat(run("grop", "list")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.lines().toList()).singleElement().asString().contains("grop");
        assertThat(out).isEmpty();
    }

    @Test
    void unknownNestedSubcommand_exits2WithOneLine() {
        assertThat(run("group", "explode", "SSO")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.lines().toList()).singleElement().asString().startsWith("cluster group:");
    }

    @Test
    void missingVerbOrArgument_exits2WithOneLine() {
        assertThat(run()).isEqualTo(ExitCodes.USAGE);
        assertThat(err.lines().toList()).singleElement().asString().contains("Missing command");

        assertThat(run("group")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.lines().toList()).singleElement().asString().contains("Missing group command");

        assertThat(run("group", "move")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.lines().toList()).singleElement().asString().contains("NAME");
    }

    @Test
    void badWaitValue_exits2WithOneLine() {
        assertThat(run("group", "move", "SSO", "--wait", "soon")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.lines().toList())
                .singleElement()
                .asString()
                .contains("--wait")
                .contains("soon");
        assertThat(admin.calls).isEmpty();
    }

    @Test
    void badFailbackMode_exits2WithOneLine() {
        assertThat(run("node", "resume", "node1", "--failback", "Sometimes")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.lines().toList()).singleElement().asString().contains("Sometimes");
    }

    @Test
    void forceDrainWithoutDrain_isAUsageError() {
        assertThat(run("node", "pause", "node1", "--force-drain")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.lines().toList()).singleElement().asString().contains("--drain");
    }

    @Test
    void unknownGroup_exits1WithTheClustersOneLine() {
        assertThat(run("group", "get", "Nope")).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(err.lines().toList()).containsExactly("cluster: The cluster group 'Nope' was not found.");
    }

    @Test
    void unreachableZooKeeper_exits3NamingTheConnectString() {
        connector = c -> {
            throw new ClusterUnavailableException("connection timed out after 10 s", new IOException("refused"));
        };

        assertThat(run("node", "list")).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err.lines().toList())
                .singleElement()
                .asString()
                .startsWith("cluster: ZooKeeper at zk1:2181,zk2:2181 could not be reached");
    }

    @Test
    void whenNeitherTlsFilesNorPlaintextAreGiven_thenAUsageErrorNamesThem_beforeAnyConnection() {
        env.remove("ENTSSO_ZK_PLAINTEXT");

        assertThat(run("group", "list")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.lines().toList())
                .singleElement()
                .asString()
                .contains("over TLS", "--zk-keystore FILE", "--zk-truststore FILE", "--zk-plaintext");
        assertThat(connections).isEmpty();
    }

    @Test
    void tlsFiles_fromFlagsOrEnvironment_reachTheConnection(@TempDir Path dir) throws IOException {
        env.remove("ENTSSO_ZK_PLAINTEXT");
        Path keyStore = Files.writeString(dir.resolve("admin.p12"), "k");
        Path password = Files.writeString(dir.resolve("admin.p12.pwd"), "p");
        Path trust = Files.writeString(dir.resolve("ca.pem"), "c");
        env.put("ENTSSO_ZK_KEYSTORE", keyStore.toString());
        env.put("ENTSSO_ZK_KEYSTORE_PASSWORD_FILE", password.toString());

        assertThat(run("--zk-truststore", trust.toString(), "group", "list")).isZero();

        assertThat(connections)
                .singleElement()
                .satisfies(c -> assertThat(c.tls()).contains(ZkTls.of(keyStore, password, trust)));
    }

    @Test
    void whenPlaintextAndTlsFilesAreBothGiven_thenAUsageError(@TempDir Path dir) throws IOException {
        Path trust = Files.writeString(dir.resolve("ca.pem"), "c");

        assertThat(run("--zk-truststore", trust.toString(), "group", "list")).isEqualTo(ExitCodes.USAGE);

        assertThat(err).contains("contradict");
        assertThat(connections).isEmpty();
    }

    @Test
    void whenATlsFileIsMissing_thenAUsageErrorNamesIt(@TempDir Path dir) {
        env.remove("ENTSSO_ZK_PLAINTEXT");
        Path missing = dir.resolve("nope.p12");

        int code = run(
                "--zk-keystore", missing.toString(),
                "--zk-keystore-password-file", missing.toString(),
                "--zk-truststore", missing.toString(),
                "group", "list");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains(missing.toString(), "does not exist");
    }

    @Test
    void whenZooKeeperRefusesTheHandshake_thenExit3WithTheReasonAndTheTlsHint() {
        connector = c -> {
            throw new ClusterTlsException("ZooKeeper at zk1:2181 refused the TLS handshake: bad_certificate", null);
        };

        assertThat(run("node", "list")).isEqualTo(ExitCodes.UNAVAILABLE);

        assertThat(err.lines().toList())
                .singleElement()
                .asString()
                .contains("refused the TLS handshake", "--zk-keystore");
    }

    @Test
    void move_passesNodeAndWaitAndPrintsTheGroupRow() {
        assertThat(run("group", "move", "SSO", "--node", "node3", "--wait", "5"))
                .isZero();

        assertThat(admin.calls).containsExactly("move SSO node3 PT5S");
        assertThat(out).contains("SSO  node3     Online");
    }

    @Test
    void waitDefaultsTo20sAndAcceptsZeroAndSuffixes() {
        run("group", "move", "SSO");
        run("group", "start", "SSO", "--wait", "0");
        run("group", "stop", "SSO", "--wait", "500ms");

        assertThat(admin.calls).containsExactly("move SSO - PT20S", "start group SSO PT0S", "stop group SSO PT0.5S");
    }

    @Test
    void resourceVerbs_mapToTheAdminApi() {
        assertThat(run("resource", "fail", "SSO Service")).isZero();
        assertThat(out).contains("SSO Service Failed");
        run("resource", "start", "SSO Service");
        run("resource", "stop", "SSO Service", "--wait", "1");
        run("resource", "clear-failure", "SSO Service");

        assertThat(admin.calls)
                .containsExactly(
                        "fail SSO Service PT20S",
                        "start resource SSO Service PT20S",
                        "stop resource SSO Service PT1S",
                        "clear SSO Service PT20S");
    }

    @Test
    void pauseAndResume_printNameAndState() {
        assertThat(run("node", "pause", "node1", "--drain")).isZero();
        assertThat(out.lines().toList()).containsExactly("Name  State", "----  -----", "node1 Paused");
        assertThat(run("node", "resume", "node1", "--failback", "immediate")).isZero();

        assertThat(admin.calls)
                .containsExactly("pause node1 drain=true force=false PT1M", "resume node1 Immediate PT1M");
    }

    @Test
    void properties_getAllOneOrSet() {
        assertThat(run("group", "get-property", "SSO")).isZero();
        assertThat(out).isEqualTo("AutoFailbackType : 1" + System.lineSeparator());
        assertThat(run("resource", "get-property", "SSO Service", "restartthreshold"))
                .isZero();
        assertThat(out).isEqualTo("3" + System.lineSeparator());
        assertThat(run("group", "get-property", "SSO", "Bogus")).isEqualTo(ExitCodes.CLUSTER_ERROR);
        assertThat(err.lines().toList()).singleElement().asString().contains("Bogus");

        run("group", "set-property", "SSO", "FailoverThreshold", "5");
        run("resource", "set-property", "SSO Service", "RestartThreshold", "1");
        run("set-property", "ClusterEnforcedAntiAffinity", "1");
        assertThat(admin.calls)
                .containsExactly(
                        "set group SSO FailoverThreshold=5",
                        "set resource SSO Service RestartThreshold=1",
                        "set cluster ClusterEnforcedAntiAffinity=1");
    }

    @Test
    void log_printsClusterLogLinesWithNodeAndTimespan() {
        admin.log.add(new ClusterEvent(
                Instant.parse("2026-01-01T00:00:00Z"),
                "node1",
                "ERR",
                Component.RCM,
                1069,
                "RESOURCE_FAILED",
                "SSO",
                "SSO Service",
                4,
                "Resource 'SSO Service' failed."));

        assertThat(run("log", "--node", "node1", "--timespan", "15")).isZero();

        assertThat(out.lines().toList())
                .containsExactly("2026-01-01T00:00:00Z node1 ERR  [RCM] Resource 'SSO Service' failed. (1069)");
        assertThat(admin.calls).containsExactly("log node1 PT15M");
        assertThat(run("log", "--timespan", "-3")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void help_listsEveryVerb() {
        assertThat(run("--help")).isZero();

        assertThat(out).contains("group", "resource", "node", "log", "simulate", "get-property", "set-property");
        assertThat(out).contains("ENTSSO_ZK", "ENTSSO_CLUSTER", "ENTSSO_ZK_AUTH", "ENTSSO_ZK_PLAINTEXT");
        assertThat(out).contains("--zk-keystore", "--zk-keystore-password-file", "--zk-truststore", "--zk-plaintext");
    }

    @Test
    void help_onAVerbWithRequiredParameters_showsItsUsageInsteadOfAMissingParameterError() {
        assertThat(run("group", "move", "--help")).isZero();

        assertThat(out).contains("Usage: cluster group move", "--node");
        assertThat(err.toString()).isEmpty();
        assertThat(admin.calls).isEmpty();
    }

    @Test
    void simulate_badScenario_exits2WithTheLineNumber(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.scenario");
        Files.writeString(file, "nodes node1\n\nexpect group Nope state Online\n");

        assertThat(run("simulate", file.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.lines().toList())
                .singleElement()
                .asString()
                .contains("bad.scenario:3:")
                .contains("Nope");
    }

    @Test
    void simulate_missingFile_exits2() {
        assertThat(run("simulate", "/nonexistent/x.scenario")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.lines().toList()).singleElement().asString().contains("/nonexistent/x.scenario");
    }
}
