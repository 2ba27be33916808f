package org.entsso.cluster.sim;

import java.time.Duration;
import java.util.Optional;
import org.entsso.cluster.node.FailbackMode;

/** One action or expectation of a scenario, with the line it came from. Immutable. */
public sealed interface Step {
    /** The 1-based line number in the scenario file. */
    int line();

    /** The statement as written (comments and extra spaces removed). */
    String text();

    /** {@code wait 2s}: lets real time pass (the log keeps printing). */
    record Wait(int line, String text, Duration duration) implements Step {}

    /** {@code advance clock 1h}: moves the shared simulated clock forward. */
    record AdvanceClock(int line, String text, Duration duration) implements Step {}

    /** {@code fail resource R [N times]}: Test-ClusterResourceFailure, N times, waiting for a restart in between. */
    record FailResource(int line, String text, String resource, int times) implements Step {}

    /** {@code crash resource R}: the Simulated resource signals its own failure. */
    record CrashResource(int line, String text, String resource) implements Step {}

    /** What happens to a node's process. */
    enum NodeOperation {
        /** Node loss: the process dies without a goodbye. */
        KILL,
        /** Stopping the cluster service gracefully. */
        STOP,
        /** The node's ZooKeeper session expires on the server while the process lives (a long pause, a partition). */
        EXPIRE_SESSION,
        /** Starting the cluster service again. */
        START
    }

    /** {@code kill node N}, {@code stop node N}, {@code start node N}, {@code expire session node N}. */
    record NodeProcess(int line, String text, NodeOperation operation, String node) implements Step {}

    /** {@code pause node N [drain] [force-drain]}: Suspend-ClusterNode. */
    record PauseNode(int line, String text, String node, boolean drain, boolean forceDrain) implements Step {}

    /** {@code resume node N [failback MODE]}: Resume-ClusterNode. */
    record ResumeNode(int line, String text, String node, FailbackMode failback) implements Step {}

    /** {@code move group G [to N]}: Move-ClusterGroup. */
    record MoveGroup(int line, String text, String group, Optional<String> node) implements Step {}

    /** Start or stop. */
    enum Switch {
        START,
        STOP
    }

    /** {@code start group G}, {@code stop group G}. */
    record SwitchGroup(int line, String text, Switch operation, String group) implements Step {}

    /** {@code start resource R}, {@code stop resource R}. */
    record SwitchResource(int line, String text, Switch operation, String resource) implements Step {}

    /** {@code clear resource R}: clears a Failed resource's failure. */
    record ClearResource(int line, String text, String resource) implements Step {}

    /** What a property belongs to. */
    enum Target {
        GROUP,
        RESOURCE,
        CLUSTER
    }

    /** {@code set group G P=V}, {@code set resource R P=V}, {@code set cluster P=V}. */
    record SetProperty(int line, String text, Target target, String object, String property, String value)
            implements Step {}

    /** {@code show groups|resources|nodes}: prints the cmdlet table into the timeline. */
    record Show(int line, String text, String what) implements Step {}

    /** What an expectation is about. */
    enum Subject {
        GROUP,
        RESOURCE,
        NODE
    }

    /**
     * {@code expect group G [owner N] [state S] [within D]}, {@code expect resource R ...}, {@code expect node N state
     * S ...}: holds at once, or at some moment before {@code within} runs out.
     */
    record Expect(
            int line,
            String text,
            Subject subject,
            String name,
            Optional<String> owner,
            Optional<String> state,
            Duration within)
            implements Step {}

    /** {@code expect log "TEXT" [within D]}: a cluster log line contains TEXT. */
    record ExpectLog(int line, String text, String contains, Duration within) implements Step {}
}
