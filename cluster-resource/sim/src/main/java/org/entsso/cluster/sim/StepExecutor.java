package org.entsso.cluster.sim;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.ResourceInfo;
import org.entsso.cluster.events.EventId;
import org.entsso.cluster.format.Table;
import org.entsso.cluster.resource.ResourceState;

/**
 * Carries out one step at a time for {@link ScenarioRunner}. An action waits until the cluster has carried it out (at
 * most 30 s, like {@code -Wait}) and prints the outcome; a repeated failure waits for each restart; expectations poll
 * until they hold or their {@code within} runs out. An action the cluster refuses is printed and counted as a
 * failure, and the scenario goes on.
 */
final class StepExecutor {
    private static final Duration FAILURE_SEEN = Duration.ofSeconds(10);
    private static final Duration RESTARTED = Duration.ofSeconds(30);
    /** How long an action waits for the cluster to carry it out (cluster.exe's /wait for a move is 20 s). */
    private static final Duration ACTION_WAIT = ScenarioRunner.ACTION_WAIT;

    private final ScenarioRunner runner;
    private final Timeline timeline;

    StepExecutor(ScenarioRunner runner) {
        this.runner = runner;
        this.timeline = runner.timeline();
    }

    void execute(Step step) {
        if (step instanceof Step.Expect expect) {
            expect(expect);
            return;
        }
        if (step instanceof Step.ExpectLog expectLog) {
            expectLog(expectLog);
            return;
        }
        timeline.print("line " + step.line() + ": " + step.text());
        try {
            act(step);
        } catch (ClusterException | IllegalStateException | IllegalArgumentException e) {
            runner.failed(step, " -> action failed: " + e.getMessage());
        }
        runner.pollLog();
    }

    private void act(Step step) {
        ClusterAdmin admin = runner.admin();
        if (step instanceof Step.Wait wait) {
            runner.idle(wait.duration());
        } else if (step instanceof Step.AdvanceClock advance) {
            runner.clock().advance(advance.duration());
            timeline.print("  -> the nodes' clock is now " + runner.clock().offset() + " ahead of real time");
        } else if (step instanceof Step.FailResource fail) {
            failResource(fail);
        } else if (step instanceof Step.CrashResource crash) {
            Optional<String> node = runner.resourceType().crash(crash.resource(), "crashed by the scenario");
            if (node.isEmpty()) {
                throw new IllegalStateException("resource " + crash.resource() + " is not running anywhere");
            }
        } else if (step instanceof Step.NodeProcess process) {
            switch (process.operation()) {
                case KILL -> runner.stopNode(process.node(), true);
                case STOP -> runner.stopNode(process.node(), false);
                case START -> runner.startNode(process.node());
                case EXPIRE_SESSION -> runner.expireSession(process.node());
            }
        } else if (step instanceof Step.PauseNode pause) {
            outcome(admin.pauseNode(pause.node(), pause.drain(), pause.forceDrain(), ACTION_WAIT));
        } else if (step instanceof Step.ResumeNode resume) {
            outcome(admin.resumeNode(resume.node(), resume.failback(), ACTION_WAIT));
        } else if (step instanceof Step.MoveGroup move) {
            outcome(admin.moveGroup(move.group(), move.node(), ACTION_WAIT));
        } else if (step instanceof Step.SwitchGroup group) {
            if (group.operation() == Step.Switch.START) {
                outcome(admin.startGroup(group.group(), ACTION_WAIT));
            } else {
                outcome(admin.stopGroup(group.group(), ACTION_WAIT));
            }
        } else if (step instanceof Step.SwitchResource resource) {
            if (resource.operation() == Step.Switch.START) {
                outcome(admin.startResource(resource.resource(), ACTION_WAIT));
            } else {
                outcome(admin.stopResource(resource.resource(), ACTION_WAIT));
            }
        } else if (step instanceof Step.ClearResource clear) {
            outcome(admin.clearResourceFailure(clear.resource(), ACTION_WAIT));
        } else if (step instanceof Step.SetProperty set) {
            switch (set.target()) {
                case GROUP -> admin.setGroupProperty(set.object(), set.property(), set.value());
                case RESOURCE -> admin.setResourceProperty(set.object(), set.property(), set.value());
                case CLUSTER -> admin.setClusterProperty(set.property(), set.value());
            }
        } else if (step instanceof Step.Show show) {
            Table table = switch (show.what()) {
                case "groups" -> Table.groups(admin.groups());
                case "resources" -> Table.resources(admin.resources());
                default -> Table.nodes(admin.nodes());
            };
            timeline.block(table.render());
        } else {
            throw new IllegalStateException("unhandled step " + step);
        }
    }

    /**
     * Test-ClusterResourceFailure, {@code times} times. Between two failures it waits until the engine has seen the
     * failure (a new 1069 line or a state other than Online) and the resource is Online again, so that each failure
     * counts against RestartThreshold separately.
     */
    private void failResource(Step.FailResource fail) {
        ClusterAdmin admin = runner.admin();
        for (int i = 1; i <= fail.times(); i++) {
            long failuresBefore = failureEvents(fail.resource());
            admin.failResource(fail.resource(), ACTION_WAIT);
            runner.pollLog();
            timeline.print("  failure " + i + " of " + fail.times() + " injected into " + fail.resource());
            if (i == fail.times()) {
                return;
            }
            boolean seen = runner.await(
                    FAILURE_SEEN,
                    () -> failureEvents(fail.resource()) > failuresBefore
                            || admin.resource(fail.resource()).state() != ResourceState.Online);
            boolean back = seen
                    && runner.await(
                            RESTARTED, () -> admin.resource(fail.resource()).state() == ResourceState.Online);
            if (!back) {
                throw new IllegalStateException(
                        "resource " + fail.resource() + " did not come back Online after" + " failure " + i + " (state "
                                + admin.resource(fail.resource()).state() + ")");
            }
        }
    }

    private void outcome(GroupInfo group) {
        runner.pollLog();
        timeline.print("  -> group " + group.name() + " owner " + orNone(group.ownerNode()) + " state "
                + group.state().display());
    }

    private void outcome(ResourceInfo resource) {
        runner.pollLog();
        timeline.print("  -> resource " + resource.name() + " owner " + orNone(resource.ownerNode()) + " state "
                + resource.state());
    }

    private void outcome(NodeInfo node) {
        runner.pollLog();
        timeline.print("  -> node " + node.name() + " state " + node.state());
    }

    private static String orNone(String owner) {
        return owner == null || owner.isEmpty() ? "none" : owner;
    }

    private long failureEvents(String resource) {
        return runner.admin().log(Optional.empty(), null).stream()
                .filter(e -> e.eventId() == EventId.RESOURCE_FAILED.id() && resource.equals(e.resource()))
                .count();
    }

    private void expect(Step.Expect expect) {
        AtomicReference<String> actual = new AtomicReference<>("");
        Duration before = timeline.elapsed();
        boolean held = runner.await(expect.within(), () -> {
            String[] ownerAndState = observe(expect);
            actual.set(describe(ownerAndState));
            return expect.owner().map(o -> o.equals(ownerAndState[0])).orElse(true)
                    && expect.state().map(s -> s.equals(ownerAndState[1])).orElse(true);
        });
        if (held) {
            runner.passed(
                    expect, " (after " + Timeline.seconds(timeline.elapsed().minus(before)) + ")");
        } else {
            runner.failed(expect, " -> but " + actual.get());
        }
    }

    /** The owner (empty when none) and state name now; {@code [?, absent]} when the object does not exist. */
    private String[] observe(Step.Expect expect) {
        ClusterAdmin admin = runner.admin();
        try {
            switch (expect.subject()) {
                case GROUP -> {
                    GroupInfo g = admin.group(expect.name());
                    return new String[] {nullToEmpty(g.ownerNode()), g.state().name()};
                }
                case RESOURCE -> {
                    ResourceInfo r = admin.resource(expect.name());
                    return new String[] {nullToEmpty(r.ownerNode()), r.state().name()};
                }
                default -> {
                    return admin.nodes().stream()
                            .filter(n -> n.name().equals(expect.name()))
                            .findFirst()
                            .map(NodeInfo::state)
                            .map(s -> new String[] {"", s.name()})
                            .orElse(new String[] {"", "absent"});
                }
            }
        } catch (ClusterException e) {
            return new String[] {"?", "unreadable (" + e.getMessage() + ")"};
        }
    }

    private static String describe(String[] ownerAndState) {
        String owner = ownerAndState[0].isEmpty() ? "none" : ownerAndState[0];
        return "owner " + owner + " state " + ownerAndState[1];
    }

    private void expectLog(Step.ExpectLog expect) {
        Duration before = timeline.elapsed();
        boolean held = runner.await(
                expect.within(),
                () -> runner.admin().log(Optional.empty(), null).stream()
                        .anyMatch(e -> e.message().contains(expect.contains())));
        if (held) {
            runner.passed(
                    expect, " (after " + Timeline.seconds(timeline.elapsed().minus(before)) + ")");
        } else {
            runner.failed(expect, " -> no cluster log line contains it");
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
