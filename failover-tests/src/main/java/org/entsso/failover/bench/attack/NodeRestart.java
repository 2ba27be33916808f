package org.entsso.failover.bench.attack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.entsso.sso.local.LocalCluster;

/**
 * Restarts one SSO server of a local cluster (SIGKILL, then a new process) on a thread of its own, and times how it
 * comes back: from outside, by polling {@code /v1/sys/health} on its metrics port every 10 ms (503 until it holds the
 * keyring, then 429 or 474); from inside, by the lines of its {@code ssod.log}: {@code joined the cluster as Up}
 * (its keyring refresher starts right after, and asks at once), {@code KeyringClient - fetched keyring} and
 * {@code KeyringHolder - Keyring installed}. The log lines are the precise measure: same clock, the node's own
 * milliseconds; the health poll includes the poll interval and the harness's own scheduling.
 */
final class NodeRestart {
    /** Timings of one restart; empty fields did not happen (or are not known yet). */
    record Timing(
            Instant killedAt,
            Instant launchedAt,
            Optional<Instant> upAt,
            Optional<Instant> healthFirstAnswer,
            Optional<Instant> healthHoldsKeyring,
            Optional<Instant> joinedUp,
            Optional<Instant> fetched,
            Optional<Instant> installed,
            List<NodeProbe.LogLine> keyringWarnings,
            Optional<String> error) {}

    /** How long the restarted node is given to hold its keyring, even on a machine shared with much else. */
    private static final Duration POLL_LIMIT = Duration.ofMinutes(5);

    private final LocalCluster cluster;
    private final String node;
    private final NodeProbe probe;
    private final Thread thread;
    private volatile Instant killedAt;
    private volatile Instant launchedAt;
    private volatile Instant upAt;
    private volatile Instant healthFirstAnswer;
    private volatile Instant healthHoldsKeyring;
    private volatile String error;

    NodeRestart(LocalCluster cluster, String node, NodeProbe probe, long delayMillis) {
        this.cluster = cluster;
        this.node = node;
        this.probe = probe;
        this.thread = new Thread(() -> run(delayMillis), "restart-" + node);
        this.thread.setDaemon(true);
    }

    String node() {
        return node;
    }

    void start() {
        thread.start();
    }

    private void run(long delayMillis) {
        try {
            TimeUnit.MILLISECONDS.sleep(delayMillis);
            killedAt = Instant.now();
            cluster.kill(node);
            launchedAt = Instant.now();
            Thread poller = new Thread(this::pollHealth, "health-" + node);
            poller.setDaemon(true);
            poller.start();
            try {
                cluster.startNode(node);
                upAt = Instant.now();
            } catch (IllegalStateException e) {
                // No ready line within LocalCluster's wait (a loaded machine): the health poll still says when it is.
                error = e.getMessage();
            }
            poller.join(POLL_LIMIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollHealth() {
        int port = cluster.metricsPort(node);
        long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Optional<Integer> status = probe.health(port);
                if (status.isPresent() && healthFirstAnswer == null) {
                    healthFirstAnswer = Instant.now();
                }
                if (status.isPresent() && status.get() != 503) {
                    healthHoldsKeyring = Instant.now();
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the restart is over: the node answered its health check with the keyring (429/474), or the restart
     * failed. The moment of the first is {@link #settledAt()}.
     */
    boolean settled() {
        return healthHoldsKeyring != null || (launchedAt != null && !thread.isAlive());
    }

    /** When the node was first seen holding the keyring, or now if it has not been. */
    Instant settledAt() {
        Instant at = healthHoldsKeyring;
        return at == null ? Instant.now() : at;
    }

    /** Waits up to {@code timeout} for the restart to finish, then reads the node's log for its timings. */
    Timing await(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        Instant from = launchedAt == null ? Instant.now() : launchedAt.minusSeconds(1);
        List<NodeProbe.LogLine> lines = NodeProbe.lines(
                cluster.clusterDir().resolve(node).resolve("logs").resolve("ssod.log"), from, Instant.MAX);
        return new Timing(
                killedAt,
                launchedAt,
                Optional.ofNullable(upAt),
                Optional.ofNullable(healthFirstAnswer),
                Optional.ofNullable(healthHoldsKeyring),
                NodeProbe.first(lines, "log", "joined the cluster as Up").map(NodeProbe.LogLine::at),
                NodeProbe.first(lines, "KeyringClient", "fetched keyring").map(NodeProbe.LogLine::at),
                NodeProbe.first(lines, "KeyringHolder", "Keyring installed").map(NodeProbe.LogLine::at),
                lines.stream()
                        .filter(l -> l.logger().equals("KeyringRefresher")
                                && l.level().equals("WARN"))
                        .toList(),
                Optional.ofNullable(thread.isAlive() ? "still restarting after " + timeout : error));
    }
}
