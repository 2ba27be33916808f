package org.entsso.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.entsso.cluster.group.AutoFailbackType;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.node.FailbackMode;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.RestartAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioParserTest {
    private static final String HEADER = String.join(
            "\n",
            "nodes node1 node2 node3",
            "group SSO preferred node1,node2",
            "resource \"SSO Service\" group SSO",
            "");

    private static Step onlyStep(String statement) {
        Scenario scenario = ScenarioParser.parse("t.scenario", HEADER + statement + "\n");
        assertThat(scenario.steps()).hasSize(1);
        return scenario.steps().get(0);
    }

    private static void assertError(String text, int line, String message) {
        assertThatThrownBy(() -> ScenarioParser.parse("t.scenario", text))
                .isInstanceOf(ScenarioParseException.class)
                .hasMessageStartingWith("t.scenario:" + line + ": ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ScenarioParseException) e).line()).isEqualTo(line));
    }

    @Test
    void declarations_buildNodesGroupsAndResources() {
        Scenario scenario = ScenarioParser.parse("t.scenario", """
                # comment line
                session-timeout 6s
                policy-tick 100ms
                nodes node1 node2   # trailing comment
                node node3
                group SSO preferred node2,node1 FailoverThreshold=2 AutoFailbackType=1
                group Spare offline
                resource "SSO IP" group SSO type "IP Address" param Address=10.0.0.5 owners node1,node2
                resource "SSO Service" group SSO depends "[SSO IP]" RestartThreshold=1 RestartDelay=200ms param FailOnlineTimes=2
                """);

        assertThat(scenario.sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(scenario.policyTick()).isEqualTo(Duration.ofMillis(100));
        assertThat(scenario.nodes()).containsExactly("node1", "node2", "node3");
        assertThat(scenario.groups()).extracting(GroupSpec::name).containsExactly("SSO", "Spare");
        assertThat(scenario.offlineGroups()).containsExactly("Spare");
        GroupSpec sso = scenario.groups().get(0);
        assertThat(sso.preferredOwners()).containsExactly("node2", "node1");
        assertThat(sso.properties().failoverThreshold()).isEqualTo(2);
        assertThat(sso.properties().autoFailbackType()).isEqualTo(AutoFailbackType.AllowFailback);
        ResourceSpec ip = sso.resource("SSO IP").orElseThrow();
        assertThat(ip.type()).isEqualTo("IP Address");
        assertThat(ip.parameters()).containsEntry("Address", "10.0.0.5");
        assertThat(ip.possibleOwners()).containsExactly("node1", "node2");
        ResourceSpec service = sso.resource("SSO Service").orElseThrow();
        assertThat(service.type()).isEqualTo(SimulatedResourceType.NAME);
        assertThat(service.dependencies()).isEqualTo("[SSO IP]");
        assertThat(service.properties().restartThreshold()).isEqualTo(1);
        assertThat(service.properties().restartDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(service.properties().restartAction()).isEqualTo(RestartAction.RestartNotify);
        assertThat(service.parameters()).containsEntry("FailOnlineTimes", "2");
        assertThat(sso.onlineOrder()).containsExactly("SSO IP", "SSO Service");
    }

    @Test
    void defaults_whenNotDeclared() {
        Scenario scenario = ScenarioParser.parse("t.scenario", HEADER);

        assertThat(scenario.sessionTimeout()).isEqualTo(Scenario.DEFAULT_SESSION_TIMEOUT);
        assertThat(scenario.policyTick()).isEqualTo(Scenario.DEFAULT_POLICY_TICK);
        assertThat(scenario.steps()).isEmpty();
    }

    @Test
    void timeActions() {
        assertThat(onlyStep("wait 2s")).isEqualTo(new Step.Wait(4, "wait 2s", Duration.ofSeconds(2)));
        assertThat(onlyStep("advance clock 1h"))
                .isEqualTo(new Step.AdvanceClock(4, "advance clock 1h", Duration.ofHours(1)));
    }

    @Test
    void resourceActions() {
        assertThat(onlyStep("fail resource \"SSO Service\""))
                .isEqualTo(new Step.FailResource(4, "fail resource \"SSO Service\"", "SSO Service", 1));
        assertThat(onlyStep("fail resource \"SSO Service\" 3 times"))
                .isInstanceOfSatisfying(
                        Step.FailResource.class, f -> assertThat(f.times()).isEqualTo(3));
        assertThat(onlyStep("crash resource \"SSO Service\"")).isInstanceOf(Step.CrashResource.class);
        assertThat(onlyStep("start resource \"SSO Service\""))
                .isInstanceOfSatisfying(
                        Step.SwitchResource.class,
                        s -> assertThat(s.operation()).isEqualTo(Step.Switch.START));
        assertThat(onlyStep("stop resource \"SSO Service\""))
                .isInstanceOfSatisfying(
                        Step.SwitchResource.class,
                        s -> assertThat(s.operation()).isEqualTo(Step.Switch.STOP));
        assertThat(onlyStep("clear resource \"SSO Service\"")).isInstanceOf(Step.ClearResource.class);
    }

    @Test
    void nodeActions() {
        assertThat(onlyStep("kill node node2"))
                .isEqualTo(new Step.NodeProcess(4, "kill node node2", Step.NodeOperation.KILL, "node2"));
        assertThat(onlyStep("kill node2"))
                .isEqualTo(new Step.NodeProcess(4, "kill node2", Step.NodeOperation.KILL, "node2"));
        assertThat(onlyStep("expire session node node2"))
                .isEqualTo(new Step.NodeProcess(
                        4, "expire session node node2", Step.NodeOperation.EXPIRE_SESSION, "node2"));
        assertThat(onlyStep("stop node node2"))
                .isInstanceOfSatisfying(
                        Step.NodeProcess.class, n -> assertThat(n.operation()).isEqualTo(Step.NodeOperation.STOP));
        assertThat(onlyStep("start node node2"))
                .isInstanceOfSatisfying(
                        Step.NodeProcess.class, n -> assertThat(n.operation()).isEqualTo(Step.NodeOperation.START));
        assertThat(onlyStep("pause node node1"))
                .isEqualTo(new Step.PauseNode(4, "pause node node1", "node1", false, false));
        assertThat(onlyStep("pause node node1 drain"))
                .isEqualTo(new Step.PauseNode(4, "pause node node1 drain", "node1", true, false));
        assertThat(onlyStep("pause node node1 force-drain"))
                .isEqualTo(new Step.PauseNode(4, "pause node node1 force-drain", "node1", true, true));
        assertThat(onlyStep("resume node node1"))
                .isEqualTo(new Step.ResumeNode(4, "resume node node1", "node1", FailbackMode.NoFailback));
        assertThat(onlyStep("resume node node1 failback immediate"))
                .isInstanceOfSatisfying(
                        Step.ResumeNode.class, r -> assertThat(r.failback()).isEqualTo(FailbackMode.Immediate));
    }

    @Test
    void groupAndPropertyActions() {
        assertThat(onlyStep("move group SSO"))
                .isEqualTo(new Step.MoveGroup(4, "move group SSO", "SSO", Optional.empty()));
        assertThat(onlyStep("move group SSO to node3"))
                .isEqualTo(new Step.MoveGroup(4, "move group SSO to node3", "SSO", Optional.of("node3")));
        assertThat(onlyStep("start group SSO"))
                .isEqualTo(new Step.SwitchGroup(4, "start group SSO", Step.Switch.START, "SSO"));
        assertThat(onlyStep("stop group SSO"))
                .isEqualTo(new Step.SwitchGroup(4, "stop group SSO", Step.Switch.STOP, "SSO"));
        assertThat(onlyStep("set group SSO FailoverThreshold=1"))
                .isEqualTo(new Step.SetProperty(
                        4, "set group SSO FailoverThreshold=1", Step.Target.GROUP, "SSO", "FailoverThreshold", "1"));
        assertThat(onlyStep("set resource \"SSO Service\" RestartThreshold=0"))
                .isInstanceOfSatisfying(
                        Step.SetProperty.class, s -> assertThat(s.object()).isEqualTo("SSO Service"));
        assertThat(onlyStep("set cluster ClusterEnforcedAntiAffinity=1"))
                .isInstanceOfSatisfying(
                        Step.SetProperty.class, s -> assertThat(s.target()).isEqualTo(Step.Target.CLUSTER));
        assertThat(onlyStep("show groups")).isEqualTo(new Step.Show(4, "show groups", "groups"));
    }

    @Test
    void expectations() {
        assertThat(onlyStep("expect group SSO owner node3 state Online within 5s"))
                .isEqualTo(new Step.Expect(
                        4,
                        "expect group SSO owner node3 state Online within 5s",
                        Step.Subject.GROUP,
                        "SSO",
                        Optional.of("node3"),
                        Optional.of("Online"),
                        Duration.ofSeconds(5)));
        assertThat(onlyStep("expect resource \"SSO Service\" state failed within 3s"))
                .isInstanceOfSatisfying(Step.Expect.class, e -> {
                    assertThat(e.state()).hasValue("Failed");
                    assertThat(e.owner()).isEmpty();
                });
        assertThat(onlyStep("expect node node1 state Paused"))
                .isInstanceOfSatisfying(
                        Step.Expect.class, e -> assertThat(e.within()).isZero());
        assertThat(onlyStep("expect group SSO owner none"))
                .isInstanceOfSatisfying(
                        Step.Expect.class, e -> assertThat(e.owner()).hasValue(""));
        assertThat(onlyStep("expect log \"Not failing over group\" within 2s"))
                .isEqualTo(new Step.ExpectLog(
                        4,
                        "expect log \"Not failing over group\" within 2s",
                        "Not failing over group",
                        Duration.ofSeconds(2)));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "frobnicate the cluster | unknown statement 'frobnicate'",
                "wait soon | 'soon' is not a duration",
                "wait | needs a duration",
                "fail resource Nope | unknown resource 'Nope'",
                "fail resource \"SSO Service\" 0 times | '0' is not a positive count",
                "fail resource \"SSO Service\" 3 goes | expected 'times'",
                "kill node node9 | unknown node 'node9'",
                "expire node node1 | expected 'session'",
                "move group Nope | unknown group 'Nope'",
                "move group SSO onto node2 | expected 'to'",
                "pause node node1 gently | expected drain or force-drain",
                "resume node node1 failback Sometimes | Failback must be NoFailback, Immediate or Policy",
                "expect group SSO state Sleeping | 'Sleeping' is not a group state",
                "expect node node1 owner node2 | a node has no owner",
                "expect group SSO | needs 'owner NODE' or 'state STATE'",
                "expect group SSO state Online within forever | 'forever' is not a duration",
                "show everything | expected groups, resources or nodes",
                "set group SSO FailoverThreshold | expected PROPERTY=VALUE",
                "start cluster | expected node, group or resource",
                "nodes node4 | put it before the first action",
                "expect log \"unterminated | closing '\"' is missing",
            })
    void badStatement_isReportedWithItsLineNumber(String statement, String message) {
        assertError(HEADER + "wait 1s\n\n" + statement + "\n", 6, message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "group G2 Bogus=1 | 'Bogus' is not a group property",
                "group G2 FailoverPeriod=0 | FailoverPeriod must be 1 to 1193 hours",
                "group G2 preferred node1,node7 | unknown node 'node7'",
                "resource R group Nope | unknown group 'Nope'",
                "resource R | needs 'group NAME'",
                "resource R group SSO RestartThreshold=x | RestartThreshold must be a whole number",
                "resource R group SSO Bogus=1 | 'Bogus' is not a resource property",
                "resource R group SSO depends \"[A\" | ']' expected",
                "resource R group SSO param | needs KEY=VALUE",
                "session-timeout 500ms | at least 1s",
                "nodes bad/name | may contain letters, digits",
            })
    void badDeclaration_isReportedWithItsLineNumber(String statement, String message) {
        assertError("nodes node1 node2\ngroup SSO\n" + statement + "\n", 3, message);
    }

    @Test
    void danglingDependency_isReportedOnTheGroupLine() {
        assertError("nodes node1\n\ngroup G\nresource A group G depends \"[B]\"\n", 3, "depends on [B]");
    }

    @Test
    void dependencyCycle_isReportedOnTheGroupLine() {
        assertError(
                "nodes node1\ngroup G\nresource A group G depends \"[B]\"\nresource B group G depends \"[A]\"\n",
                2,
                "Dependency cycle");
    }

    @Test
    void duplicates_areRefused() {
        assertError("nodes node1 node1\n", 1, "declared twice");
        assertError("nodes node1\ngroup G\ngroup G\n", 3, "group 'G' is declared twice");
        assertError("nodes node1\ngroup G\nresource A group G\nresource A group G\n", 4, "declared twice");
    }

    @Test
    void noNodes_isRefused() {
        assertThatThrownBy(() -> ScenarioParser.parse("t.scenario", "# nothing\n"))
                .isInstanceOf(ScenarioParseException.class)
                .hasMessageContaining("no nodes declared");
    }

    static Stream<Path> shippedScenarios() throws IOException {
        return ShippedScenarios.files().stream();
    }

    @ParameterizedTest
    @MethodSource("shippedScenarios")
    void shippedScenario_parsesAndHasExpectations(Path file) throws IOException {
        Scenario scenario = ScenarioParser.parse(file);

        assertThat(scenario.expectationCount()).isPositive();
        assertThat(scenario.nodes()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void shippedScenarios_includeTheThreeDrills() throws IOException {
        assertThat(ShippedScenarios.files())
                .extracting(p -> p.getFileName().toString())
                .contains(
                        "restart-then-failover.scenario",
                        "node-loss-then-failback.scenario",
                        "drain-for-maintenance.scenario");
    }

    @Test
    void fileContents_areReadThroughTheFileOverload(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("x.scenario"), HEADER + "wait 1s\n");

        assertThat(ScenarioParser.parse(file).source()).isEqualTo(file.toString());
        assertThat(ScenarioParser.parse(file).steps()).extracting(Step::line).isEqualTo(List.of(4));
    }
}
