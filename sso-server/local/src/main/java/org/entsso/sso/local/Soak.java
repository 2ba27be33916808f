package org.entsso.sso.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.events.ClusterEvent;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.node.EntssoGroup;

/**
 * The quiet soak of issue 14 item 5: the local cluster under the drill's lookup and write load, with no fault
 * injected, for a stated time; then the false failovers (every new ownership term, every node removed from the
 * membership, every resource failure: none was caused), the GC pauses of every node (from their {@code -Xlog:gc}
 * files) and the workload's failures. A detection profile holds when all of those are zero and the worst pause stays
 * well under the session timeout. Not thread-safe.
 */
public final class Soak {
    private static final DateTimeFormatter GC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Pattern GC_LINE = Pattern.compile("^\\[([^\\]]+)\\].*\\bPause\\b.*?([0-9.]+)ms\\s*$");

    /** What the soak saw. */
    public record Result(
            Duration length,
            int ownerChanges,
            int nodesRemoved,
            int resourceFailures,
            long lookups,
            long failedLookups,
            long acknowledgedWrites,
            long failedWrites,
            int missingWrites,
            int gcPauses,
            double worstGcPauseMillis,
            double p99GcPauseMillis) {
        /** No false failover, no failed lookup or write, nothing lost. */
        public boolean held() {
            return ownerChanges == 0
                    && nodesRemoved == 0
                    && resourceFailures == 0
                    && failedLookups == 0
                    && failedWrites == 0
                    && missingWrites == 0;
        }
    }

    private final LocalCluster cluster;
    private final PrintWriter out;

    public Soak(LocalCluster cluster, PrintWriter out) {
        this.cluster = cluster;
        this.out = out;
    }

    /** Runs the load for {@code length} on the running cluster and reports. */
    public Result run(Duration length) throws InterruptedException {
        try (ClusterAdmin admin = ClusterAdmin.connect(cluster.adminConnection());
                Workload workload = new Workload(
                        SsoClient.open(ClientConfigFile.load(cluster.adminClientConfig())),
                        "Soak" + Long.toString(System.currentTimeMillis(), 36),
                        8,
                        2)) {
            workload.prepare();
            Instant start = Instant.now();
            workload.start();
            Instant end = start.plus(length);
            while (Instant.now().isBefore(end)) {
                Thread.sleep(Math.min(
                        60_000, Math.max(1, Duration.between(Instant.now(), end).toMillis())));
                out.printf(
                        "[soak %s] lookups %d (failed %d), writes acknowledged %d (failed %d), ENTSSO on %s%n",
                        minutes(Duration.between(start, Instant.now())),
                        workload.lookups(),
                        workload.failedLookups(),
                        workload.acknowledgedWritesSince(start),
                        workload.totalFailedWrites(),
                        owner(admin));
                out.flush();
            }
            workload.stop();
            List<String> missing = workload.missingAcknowledgedWrites();
            List<ClusterEvent> log =
                    admin
                            .log(
                                    Optional.empty(),
                                    Duration.between(start, Instant.now()).plusSeconds(5))
                            .stream()
                            .filter(e -> !e.time().isBefore(start))
                            .toList();
            log.stream()
                    .filter(e -> List.of("OWNERSHIP", "NODE_REMOVED", "RESOURCE_FAILED")
                            .contains(e.kind()))
                    .forEach(e -> out.println("  " + e.format()));
            List<Double> pauses = new ArrayList<>();
            for (String node : cluster.nodeNames()) {
                pauses.addAll(gcPauses(cluster.gcLog(node), start));
            }
            Collections.sort(pauses);
            Result result = new Result(
                    length,
                    count(log, "OWNERSHIP"),
                    count(log, "NODE_REMOVED"),
                    count(log, "RESOURCE_FAILED"),
                    workload.lookups(),
                    workload.failedLookups(),
                    workload.acknowledgedWritesSince(start),
                    workload.totalFailedWrites(),
                    missing.size(),
                    pauses.size(),
                    pauses.isEmpty() ? 0 : pauses.get(pauses.size() - 1),
                    pauses.isEmpty() ? 0 : Summary.percentile(pauses, 0.99));
            out.printf(
                    "Soak of %s, session timeout %d ms: false failovers (new owner terms) %d, nodes removed %d, resource"
                            + " failures %d; lookups %d, failed %d; writes acknowledged %d, failed %d, missing afterwards"
                            + " %d; GC pauses %d, worst %.3f ms, p99 %.3f ms: %s%n",
                    minutes(length),
                    cluster.sessionTimeout().toMillis(),
                    result.ownerChanges(),
                    result.nodesRemoved(),
                    result.resourceFailures(),
                    result.lookups(),
                    result.failedLookups(),
                    result.acknowledgedWrites(),
                    result.failedWrites(),
                    result.missingWrites(),
                    result.gcPauses(),
                    result.worstGcPauseMillis(),
                    result.p99GcPauseMillis(),
                    result.held() ? "HELD" : "DID NOT HOLD");
            out.flush();
            return result;
        }
    }

    private static String owner(ClusterAdmin admin) {
        try {
            return admin.group(EntssoGroup.NAME).ownerNode() + " ("
                    + admin.group(EntssoGroup.NAME).state() + ")";
        } catch (RuntimeException e) {
            return "? (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static int count(List<ClusterEvent> log, String kind) {
        return (int) log.stream().filter(e -> e.kind().equals(kind)).count();
    }

    /** The pauses (ms) a {@code -Xlog:gc} file records from {@code since} on (its rotated sibling included). */
    static List<Double> gcPauses(Path log, Instant since) {
        List<Double> pauses = new ArrayList<>();
        for (Path file : List.of(log.resolveSibling(log.getFileName() + ".0"), log)) {
            if (!Files.exists(file)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Matcher m = GC_LINE.matcher(line);
                    if (m.find() && !time(m.group(1)).isBefore(since)) {
                        pauses.add(Double.parseDouble(m.group(2)));
                    }
                }
            } catch (IOException | DateTimeParseException | NumberFormatException e) {
                throw new IllegalStateException("Cannot read the GC log " + file + ": " + e.getMessage(), e);
            }
        }
        return pauses;
    }

    private static Instant time(String text) {
        return OffsetDateTime.parse(text, GC_TIME).toInstant();
    }

    private static String minutes(Duration d) {
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
