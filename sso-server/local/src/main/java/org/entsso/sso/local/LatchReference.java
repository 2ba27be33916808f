package org.entsso.sso.local;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.entsso.cluster.ZkTls;

/**
 * Measures what a bare Curator election costs on the local ensemble (issue 14 item 4): three {@link LatchProcess}es,
 * then rounds of SIGKILL of the leader, at a random moment within one session timeout, and the time until another
 * prints that it leads. Run in the same drill as the
 * ENTSSO rounds, so that both are measured on the same machine in the same hour. Not thread-safe.
 */
final class LatchReference {
    private static final int PROCESSES = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("^READY");

    /** The reference's samples: SIGKILL of the leader -> another elected, ms. */
    record Result(List<Double> samples) {
        ObjectNode toJson() {
            List<Double> sorted = sorted();
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            r.put("name", "bare Curator LeaderLatch: SIGKILL of the leader -> another elected");
            r.put("rounds", sorted.size());
            var s = r.putArray("samplesMs");
            samples.forEach(v -> s.add(Math.round(v * 100) / 100.0));
            r.put("minMs", Summary.min(sorted));
            r.put("medianMs", Summary.percentile(sorted, 0.5));
            r.put("p95Ms", Summary.percentile(sorted, 0.95));
            r.put("maxMs", Summary.max(sorted));
            return r;
        }

        String line() {
            List<Double> sorted = sorted();
            return String.format(
                    "%-14s %-42s %6d %8.0f %8.0f %8.0f %8.0f",
                    "reference",
                    "bare LeaderLatch: SIGKILL -> elected",
                    sorted.size(),
                    Summary.min(sorted),
                    Summary.percentile(sorted, 0.5),
                    Summary.percentile(sorted, 0.95),
                    Summary.max(sorted));
        }

        private List<Double> sorted() {
            List<Double> s = new ArrayList<>(samples);
            Collections.sort(s);
            return s;
        }
    }

    private LatchReference() {}

    static Result measure(LocalCluster cluster, int rounds, PrintWriter out) throws InterruptedException {
        LocalProcesses processes = cluster.processes();
        Path dir = cluster.clusterDir().getParent().resolve("reference");
        ZkTls tls = cluster.adminZooKeeperTls();
        List<Double> samples = new ArrayList<>();
        try {
            for (int i = 1; i <= PROCESSES; i++) {
                start(cluster, processes, dir, i, tls);
            }
            for (int round = 1; round <= rounds; round++) {
                int leader = awaitLeader(dir, Optional.empty(), -1);
                // At a random moment within one session timeout, as the drill's faults land at any moment of a node's
                // heartbeats: killed right after the restart of the round before, every leader died at about the same
                // point of its ping cycle and the server's expiry tick, which biased the reference (issue 14).
                Thread.sleep(ThreadLocalRandom.current()
                        .nextLong(cluster.sessionTimeout().toMillis()));
                Instant killed = Instant.now();
                processes.kill(name(leader));
                int next = awaitLeader(dir, Optional.of(leader), killed.toEpochMilli());
                double ms = lastLeaderMillis(dir, next) - killed.toEpochMilli();
                samples.add(ms);
                out.printf("[reference %d] latch%d killed; latch%d elected after %.0f ms%n", round, leader, next, ms);
                out.flush();
                start(cluster, processes, dir, leader, tls);
            }
        } finally {
            for (int i = 1; i <= PROCESSES; i++) {
                processes.kill(name(i));
            }
        }
        return new Result(samples);
    }

    private static void start(LocalCluster cluster, LocalProcesses processes, Path dir, int i, ZkTls tls) {
        Path output = dir.resolve(name(i) + ".out");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        processes.start(
                name(i),
                output,
                LocalCluster.DEFAULT_JVM, // as the nodes': the reference differs from them only in what it runs
                LatchProcess.class.getName(),
                List.of(
                        cluster.zooKeeperConnect(),
                        "drill-reference",
                        Long.toString(cluster.sessionTimeout().toMillis()),
                        tls.keyStore().toString(),
                        tls.keyStorePasswordFile().toString(),
                        tls.trustStore().toString()));
        processes.awaitLine(name(i), output, READY, WAIT);
    }

    /** The latch that printed LEADER last (at or after {@code after}), not {@code except}, waiting for one. */
    private static int awaitLeader(Path dir, Optional<Integer> except, long after) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            long best = -1;
            int who = -1;
            for (int i = 1; i <= PROCESSES; i++) {
                if (except.isPresent() && except.get() == i) {
                    continue;
                }
                long t = lastLeaderMillis(dir, i);
                if (t > best && t >= after && !lostSince(dir, i, t)) {
                    best = t;
                    who = i;
                }
            }
            if (who > 0) {
                return who;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no bare LeaderLatch was elected within " + WAIT);
    }

    private static long lastLeaderMillis(Path dir, int i) {
        return lastMillis(dir, i, "LEADER ");
    }

    private static boolean lostSince(Path dir, int i, long t) {
        return lastMillis(dir, i, "NOT_LEADER ") >= t;
    }

    private static long lastMillis(Path dir, int i, String prefix) {
        try {
            Path f = dir.resolve(name(i) + ".out");
            if (!Files.exists(f)) {
                return -1;
            }
            long last = -1;
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.startsWith(prefix)) {
                    last = Long.parseLong(line.substring(prefix.length()).trim());
                }
            }
            return last;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static String name(int i) {
        return "latch" + i;
    }
}
