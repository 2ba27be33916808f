package org.entsso.cluster.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.entsso.cluster.sim.Scenario;
import org.entsso.cluster.sim.ScenarioParseException;
import org.entsso.cluster.sim.ScenarioParser;
import org.entsso.cluster.sim.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cluster simulate FILE}: runs a scenario on an embedded ensemble (ops/scenarios/README.md). */
@Command(
        name = "simulate",
        header = "Runs a failover scenario on an embedded ZooKeeper ensemble.",
        description = {
            "Starts an embedded 3-server ZooKeeper ensemble and the declared nodes and groups, then runs the",
            "actions and expectations. Prints the timeline and one PASS/FAIL line per expectation; exits 1 if",
            "any fails, 2 if the file is not valid. The language: ops/scenarios/README.md."
        },
        mixinStandardHelpOptions = true)
final class SimulateCommand implements Callable<Integer> {
    @ParentCommand
    ClusterCommand root;

    @Parameters(paramLabel = "FILE", description = "The scenario file.")
    Path file;

    @Option(names = "--check", description = "Only parse the file and report errors.")
    boolean checkOnly;

    @Override
    public Integer call() {
        Scenario scenario;
        try {
            scenario = ScenarioParser.parse(file);
        } catch (IOException e) {
            throw new UsageException("Cannot read scenario " + file + ": " + e);
        } catch (ScenarioParseException e) {
            throw new UsageException(e.getMessage());
        }
        if (checkOnly) {
            root.out()
                    .println(file + ": " + scenario.steps().size() + " steps, " + scenario.expectationCount()
                            + " expectations");
            return ExitCodes.OK;
        }
        PrintStream out = new PrintStream(new WriterStream(root), true, StandardCharsets.UTF_8);
        try (ScenarioRunner runner = new ScenarioRunner(scenario, out)) {
            ScenarioRunner.Result result = runner.run();
            return result.ok() ? ExitCodes.OK : ExitCodes.SCENARIO_FAILED;
        } finally {
            out.flush();
        }
    }

    /** Sends the runner's output through the command's writer, so tests capture it. */
    private static final class WriterStream extends OutputStream {
        private final ClusterCommand root;

        WriterStream(ClusterCommand root) {
            this.root = root;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            root.out().write(new String(b, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            root.out().flush();
        }
    }
}
