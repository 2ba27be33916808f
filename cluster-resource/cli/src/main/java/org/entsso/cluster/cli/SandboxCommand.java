package org.entsso.cluster.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ClusterNode;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.sim.Scenario;
import org.entsso.cluster.sim.ScenarioParseException;
import org.entsso.cluster.sim.ScenarioParser;
import org.entsso.cluster.sim.SimulatedResourceType;
import org.entsso.cluster.testing.EmbeddedEnsemble;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cluster sandbox FILE}: a running cluster to drive by hand. Starts an embedded ensemble and the nodes and
 * groups a scenario file declares (its actions and expectations are ignored), prints the connect string, and runs
 * until interrupted (Ctrl-C or SIGTERM), so another terminal can use every other verb against it. The embedded
 * ensemble is plaintext (a sandbox on the loopback address), so the variables it prints ask for plaintext by name.
 */
@Command(
        name = "sandbox",
        header = "Runs a cluster from a scenario's declarations until interrupted, for the other verbs to drive.",
        mixinStandardHelpOptions = true)
final class SandboxCommand implements Callable<Integer> {
    @ParentCommand
    ClusterCommand root;

    @Parameters(paramLabel = "FILE", description = "A scenario file; only its nodes and groups are used.")
    Path file;

    @Override
    public Integer call() throws IOException {
        Scenario scenario;
        try {
            scenario = ScenarioParser.parse(file);
        } catch (ScenarioParseException e) {
            throw new UsageException(e.getMessage());
        } catch (IOException e) {
            throw new UsageException("Cannot read scenario " + file + ": " + e);
        }
        CountDownLatch stop = new CountDownLatch(1);
        List<ClusterNode> nodes = new ArrayList<>();
        try (EmbeddedEnsemble ensemble = EmbeddedEnsemble.start()) {
            ClusterConnection connection = ClusterConnection.of(ensemble.connectString())
                    .withClusterName("sandbox")
                    .withSessionTimeout(scenario.sessionTimeout());
            SimulatedResourceType simulated = new SimulatedResourceType();
            for (String name : scenario.nodes()) {
                ClusterNode node = ClusterNode.builder()
                        .nodeName(name)
                        .connection(connection)
                        .policyTick(scenario.policyTick())
                        .resourceType(simulated)
                        .build();
                node.start();
                nodes.add(node);
            }
            try (ClusterAdmin admin = ClusterAdmin.connect(connection)) {
                for (GroupSpec group : scenario.groups()) {
                    admin.createGroupIfAbsent(group);
                }
            }
            Thread hook = new Thread(stop::countDown, "sandbox-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            root.out().println("Sandbox cluster running. In another terminal:");
            // The embedded ensemble has no TLS: the other verbs must ask for plaintext by name.
            root.out()
                    .println("  export ENTSSO_ZK=" + ensemble.connectString()
                            + " ENTSSO_CLUSTER=sandbox ENTSSO_ZK_PLAINTEXT=true");
            root.out().println("  ops/bin/cluster group list");
            root.out().println("Press Ctrl-C to stop.");
            root.out().flush();
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Collections.reverse(nodes);
            nodes.forEach(ClusterNode::close);
        }
        return ExitCodes.OK;
    }
}
