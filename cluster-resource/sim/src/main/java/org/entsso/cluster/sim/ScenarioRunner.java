package org.entsso.cluster.sim;

import java.io.Closeable;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.ClusterNode;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.testing.EmbeddedEnsemble;
import org.entsso.cluster.testing.Faults;

/**
 * Runs a {@link Scenario}: starts an embedded three-server ZooKeeper ensemble ({@link EmbeddedEnsemble},
 * real quorum peers) and one {@link ClusterNode} per declared node, all on one {@link SimulatedClock} and with the
 * {@link SimulatedResourceType}; creates the groups (which come online by themselves, unless declared offline); runs the steps in order, printing a timeline with the
 * cluster log; prints one PASS or FAIL line per expectation. {@link #close()} stops everything in reverse order.
 *
 * <p>Lifecycle: construct, {@link #run()} once, close. Not thread-safe.
 */
public final class ScenarioRunner implements Closeable {
    static final Duration POLL = Duration.ofMillis(100);
    static final Duration ACTION_WAIT = Duration.ofSeconds(30);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = LogManager.getLogger(ScenarioRunner.class);

    private final Scenario scenario;
    private final SimulatedClock clock = new SimulatedClock();
    private final SimulatedResourceType resourceType = new SimulatedResourceType();
    private final Timeline timeline;
    private final Map<String, ClusterNode> running = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private EmbeddedEnsemble ensemble;
    private ClusterConnection connection;
    private ClusterAdmin admin;
    private int passed;
    private boolean started;

    /** A runner that prints its timeline on {@code out}. */
    public ScenarioRunner(Scenario scenario, PrintStream out) {
        this.scenario = scenario;
        this.timeline = new Timeline(out, Clock.systemUTC());
    }

    /** The outcome: how many expectations passed, and the failed ones (with failed actions). */
    public record Result(int passed, List<String> failures) {
        /** Whether every expectation passed and every action was carried out. */
        public boolean ok() {
            return failures.isEmpty();
        }
    }

    /**
     * Runs the scenario.
     *
     * @throws IllegalStateException when called twice
     * @throws ClusterException when the cluster cannot be set up
     */
    public Result run() {
        if (started) {
            throw new IllegalStateException("A scenario runner runs once");
        }
        started = true;
        setUp();
        StepExecutor executor = new StepExecutor(this);
        for (Step step : scenario.steps()) {
            executor.execute(step);
        }
        pollLog();
        long total = scenario.expectationCount();
        timeline.print((failures.isEmpty() ? "PASS" : "FAIL") + " " + scenario.source() + ": " + passed + " of " + total
                + " expectations passed" + (failures.isEmpty() ? "" : "; failed: " + failures.size()));
        return new Result(passed, List.copyOf(failures));
    }

    private void setUp() {
        timeline.print(
                "scenario " + scenario.source() + ": " + plural(scenario.nodes().size(), "node") + ", "
                        + plural(scenario.groups().size(), "group") + ", session timeout "
                        + Timeline.seconds(scenario.sessionTimeout()));
        ensemble = EmbeddedEnsemble.start();
        connection = ClusterConnection.of(ensemble.connectString())
                .withClusterName("sim")
                .withSessionTimeout(scenario.sessionTimeout());
        timeline.print("ZooKeeper ensemble of 3 servers at " + ensemble.connectString());
        admin = ClusterAdmin.connect(connection);
        for (String node : scenario.nodes()) {
            startNode(node);
        }
        awaitSetup(
                "every node Up",
                () -> admin.nodes().stream()
                        .filter(n -> n.state() == NodeState.Up)
                        .map(NodeInfo::name)
                        .toList()
                        .containsAll(scenario.nodes()));
        for (GroupSpec group : scenario.groups()) {
            admin.createGroup(group);
            timeline.print("created group " + group.name() + " with "
                    + plural(group.resources().size(), "resource")
                    + (group.preferredOwners().isEmpty() ? "" : ", preferred owners " + group.preferredOwners()));
            // A new group's persistent state is online: its owner brings it online without a Start-ClusterGroup.
            if (scenario.offlineGroups().contains(group.name())) {
                admin.stopGroup(group.name(), ACTION_WAIT);
            }
        }
        pollLog();
    }

    private void awaitSetup(String what, BooleanSupplier condition) {
        if (!await(SETUP_TIMEOUT, condition)) {
            throw new ClusterException(
                    "The simulated cluster did not reach '" + what + "' within " + Timeline.seconds(SETUP_TIMEOUT));
        }
        timeline.print(what);
    }

    /** Polls {@code condition} (and the cluster log) until it holds or {@code timeout} passes; true if it held. */
    boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                pollLog();
                return true;
            }
            pollLog();
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            pause(POLL);
        }
    }

    /** Lets real time pass while the log keeps printing. */
    void idle(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() - deadline < 0) {
            pollLog();
            pause(Duration.ofNanos(Math.min(POLL.toNanos(), deadline - System.nanoTime())));
        }
        pollLog();
    }

    void pollLog() {
        try {
            timeline.events(admin.log(Optional.empty(), null));
        } catch (ClusterException e) {
            LOG.debug("Cluster log not readable right now", e);
        }
    }

    void startNode(String name) {
        if (running.containsKey(name)) {
            throw new IllegalStateException("node " + name + " is already running");
        }
        ClusterNode node = ClusterNode.builder()
                .nodeName(name)
                .connection(connection)
                .clock(clock)
                .policyTick(scenario.policyTick())
                .resourceType(resourceType)
                .build();
        node.start();
        running.put(name, node);
        pollLog();
        timeline.print("node " + name + " started");
    }

    /**
     * Takes a node's cluster service away: a kill is {@link Faults#crash} (resources terminated without
     * Offline, the session expired on the ZooKeeper servers, as when the process dies); a stop is a graceful
     * {@link ClusterNode#close()}.
     */
    void stopNode(String name, boolean kill) {
        ClusterNode node = running.remove(name);
        if (node == null) {
            throw new IllegalStateException("node " + name + " is not running");
        }
        if (kill) {
            Faults.crash(node);
            pollLog();
            timeline.print("node " + name + " crashed (session expired on the server side)");
        } else {
            node.close();
            pollLog();
            timeline.print("node " + name + " stopped");
        }
    }

    /** Expires a running node's ZooKeeper session on the server; the node lives on and must rejoin. */
    void expireSession(String name) {
        ClusterNode node = running.get(name);
        if (node == null) {
            throw new IllegalStateException("node " + name + " is not running");
        }
        Faults.expireSession(node);
        pollLog();
        timeline.print("node " + name + ": session expired on the server side; the process keeps running");
    }

    void passed(Step step, String detail) {
        passed++;
        timeline.print("PASS line " + step.line() + ": " + step.text() + detail);
    }

    void failed(Step step, String detail) {
        failures.add("line " + step.line() + ": " + step.text() + detail);
        timeline.print("FAIL line " + step.line() + ": " + step.text() + detail);
    }

    ClusterAdmin admin() {
        return admin;
    }

    SimulatedClock clock() {
        return clock;
    }

    SimulatedResourceType resourceType() {
        return resourceType;
    }

    Timeline timeline() {
        return timeline;
    }

    /** Closes the admin, the nodes (last started first) and the ensemble. Idempotent. */
    @Override
    public void close() {
        if (admin != null) {
            closeQuietly("admin", admin::close);
            admin = null;
        }
        List<String> names = new ArrayList<>(running.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            ClusterNode node = running.remove(names.get(i));
            closeQuietly("node " + names.get(i), node::close);
        }
        if (ensemble != null) {
            closeQuietly("ZooKeeper ensemble", () -> {
                try {
                    ensemble.close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ensemble = null;
        }
    }

    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static void closeQuietly(String what, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.warn("Closing the {} failed", what, e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("The scenario was interrupted", e);
        }
    }
}
