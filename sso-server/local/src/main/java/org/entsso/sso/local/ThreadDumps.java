package org.entsso.sso.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Thread dumps of a local cluster's processes, taken when a drill round cannot finish: the files go beside the report
 * and a few summary lines (per process, the threads busy in our code or the database's, grouped by where they wait)
 * go to the drill's output, so that a round that hung on a build machine says where (issue 14: a CI drill in which no
 * write was acknowledged for minutes left nothing to read). Uses the JDK's {@code jcmd}; without it, says so.
 */
final class ThreadDumps {
    /** At most this many groups of busy threads are printed per process. */
    private static final int GROUPS = 4;

    private static final Duration JCMD_WAIT = Duration.ofSeconds(20);

    private ThreadDumps() {}

    /** Dumps every running process of {@code cluster} into {@code dir}; returns the summary lines to print. */
    static List<String> capture(LocalCluster cluster, Path dir) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return List.of("no jcmd in " + jcmd.getParent() + ": no thread dumps taken");
        }
        List<String> lines = new ArrayList<>();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return List.of("cannot create " + dir + " for thread dumps: " + e.getMessage());
        }
        for (Map.Entry<String, Optional<Long>> p : cluster.status().entrySet()) {
            if (p.getValue().isEmpty()) {
                continue;
            }
            Path file = dir.resolve(p.getKey() + ".threads.txt");
            try {
                Process jc = new ProcessBuilder(
                                jcmd.toString(), Long.toString(p.getValue().get()), "Thread.print")
                        .redirectErrorStream(true)
                        .redirectOutput(file.toFile())
                        .start();
                if (!jc.waitFor(JCMD_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    jc.destroyForcibly();
                    lines.add(p.getKey() + ": jcmd did not answer within " + JCMD_WAIT.toSeconds() + " s");
                    continue;
                }
                summarize(Files.readString(file, StandardCharsets.UTF_8))
                        .forEach(group -> lines.add(p.getKey() + ": " + group));
            } catch (IOException e) {
                lines.add(p.getKey() + ": no thread dump (" + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lines.add("interrupted while taking thread dumps");
                break;
            }
        }
        lines.add("thread dumps in " + dir);
        return lines;
    }

    /**
     * The busy threads of one dump, grouped by their first frame in our code or the database's, largest groups first:
     * {@code "3 x org.entsso...FencedWrites.joined(FencedWrites.java:329) (TIMED_WAITING) in writes-1, ..."}. A thread
     * is busy when such a frame is on its stack and it is not parked in a pool's queue.
     */
    static List<String> summarize(String dump) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String block : dump.split("\n\n")) {
            String[] lines = block.strip().split("\n");
            if (lines.length < 2 || !lines[0].startsWith("\"")) {
                continue;
            }
            String name = lines[0].substring(1, Math.max(1, lines[0].indexOf('"', 1)));
            String state = lines[1].contains("State: ") ? lines[1].substring(lines[1].indexOf("State: ") + 7) : "?";
            if (idle(block)) {
                continue;
            }
            for (int i = 2; i < lines.length; i++) {
                String frame = lines[i].strip();
                if (frame.startsWith("at org.entsso.") || databaseWork(frame)) {
                    String key = frame.substring(3) + " (" + state.split(" ")[0] + ")";
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(name);
                    break;
                }
            }
        }
        return groups.entrySet().stream()
                .sorted((a, b) -> b.getValue().size() - a.getValue().size())
                .limit(GROUPS)
                .map(g -> g.getValue().size() + " x " + g.getKey() + " in "
                        + String.join(
                                ", ",
                                g.getValue().subList(0, Math.min(3, g.getValue().size())))
                        + (g.getValue().size() > 3 ? ", ..." : ""))
                .toList();
    }

    /** A frame of the database engine's work (not its idle server loop). */
    private static boolean databaseWork(String frame) {
        return frame.startsWith("at org.h2.command.")
                || frame.startsWith("at org.h2.mvstore.tx.")
                || frame.startsWith("at org.h2.engine.")
                || frame.startsWith("at com.zaxxer.hikari.pool.");
    }

    /** Parked in a pool's queue, waiting for work. */
    private static boolean idle(String block) {
        return block.contains("ThreadPoolExecutor.getTask")
                || block.contains("ScheduledThreadPoolExecutor$DelayedWorkQueue.take")
                || block.contains("QueuedThreadPool.idleJobPoll");
    }
}
