package org.entsso.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every scenario shipped in {@code ops/scenarios/} through the runner, on a real embedded three-server ensemble
 * and real cluster nodes, and requires every expectation to pass (issue 2: "run them in the test suite").
 */
@Tag("extended") // not in the default suite (README, "Tests"): run with -Pextended
class ShippedScenariosTest {

    static Stream<Path> shippedScenarios() throws IOException {
        return ShippedScenarios.files().stream();
    }

    @ParameterizedTest
    @MethodSource("shippedScenarios")
    void shippedScenario_passes(Path file) throws IOException {
        Scenario scenario = ScenarioParser.parse(file);
        ByteArrayOutputStream timeline = new ByteArrayOutputStream();

        ScenarioRunner.Result result;
        try (ScenarioRunner runner = new ScenarioRunner(scenario, tee(timeline))) {
            result = runner.run();
        }

        String output = timeline.toString(StandardCharsets.UTF_8);
        assertThat(result.failures()).as(output).isEmpty();
        assertThat(result.passed()).isEqualTo(scenario.expectationCount());
        assertThat(output).contains("PASS line").doesNotContain("FAIL line");
    }

    @Test
    void unmetExpectation_printsFailWithWhatWasSeen_andTheResultIsNotOk() {
        Scenario scenario = ScenarioParser.parse("unmet.scenario", """
                session-timeout 2s
                nodes node1 node2
                group G preferred node1
                resource R group G
                expect group G owner node1 state Online within 20s
                expect group G owner node2 within 1s
                """);
        ByteArrayOutputStream timeline = new ByteArrayOutputStream();

        ScenarioRunner.Result result;
        try (ScenarioRunner runner = new ScenarioRunner(scenario, tee(timeline))) {
            result = runner.run();
        }

        String output = timeline.toString(StandardCharsets.UTF_8);
        assertThat(result.ok()).as(output).isFalse();
        assertThat(result.passed()).isEqualTo(1);
        assertThat(output)
                .contains("PASS line 5: expect group G owner node1 state Online within 20s")
                .contains("FAIL line 6: expect group G owner node2 within 1s -> but owner node1 state Online");
    }

    @Test
    void crashedResource_restartsInPlace_failingOnlineIsRetried_expiredSessionRejoins_offlineGroupStaysOffline() {
        Scenario scenario = ScenarioParser.parse("faults.scenario", """
                session-timeout 2s
                nodes node1 node2
                group G preferred node1,node2
                group Spare preferred node2 offline
                group Flaky preferred node2
                resource R group G RestartDelay=100ms
                resource S group Spare
                resource F group Flaky RestartDelay=100ms param FailOnlineTimes=1
                expect group G owner node1 state Online within 20s
                expect group Spare state Offline within 10s
                expect log "simulated Online failure" within 10s
                expect group Flaky owner node2 state Online within 20s
                crash resource R
                expect log "crashed by the scenario" within 10s
                expect resource R owner node1 state Online within 10s
                expire session node node1
                expect node node1 state Up within 30s
                expect group G state Online within 30s
                """);
        ByteArrayOutputStream timeline = new ByteArrayOutputStream();

        ScenarioRunner.Result result;
        try (ScenarioRunner runner = new ScenarioRunner(scenario, tee(timeline))) {
            result = runner.run();
        }

        String output = timeline.toString(StandardCharsets.UTF_8);
        assertThat(result.failures()).as(output).isEmpty();
        assertThat(result.passed()).isEqualTo(8);
        assertThat(output).contains("node node1: session expired on the server side");
    }

    private static PrintStream tee(ByteArrayOutputStream copy) {
        return new PrintStream(
                new java.io.OutputStream() {
                    @Override
                    public void write(int b) {
                        copy.write(b);
                        System.out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        copy.write(b, off, len);
                        System.out.write(b, off, len);
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }
}
