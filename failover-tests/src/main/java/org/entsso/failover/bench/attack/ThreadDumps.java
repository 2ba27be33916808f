package org.entsso.failover.bench.attack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entsso.sso.local.LocalCluster;

/**
 * Thread dumps of the node processes ({@code jstack}, from the JDK running the harness) written next to the cluster,
 * with a one-line summary per node: how many threads of each pool are runnable, so a reader sees at once which pool is
 * busy. For diagnosing a missed goal; not part of the figures.
 */
final class ThreadDumps {
    private static final Pattern THREAD =
            Pattern.compile("^\"([^\"]+)\".*?\\R\\s+java\\.lang\\.Thread\\.State: (\\w+)", Pattern.MULTILINE);

    private ThreadDumps() {}

    static void write(LocalCluster cluster, Path dir, PrintStream out) {
        String jstack =
                Path.of(System.getProperty("java.home"), "bin", "jstack").toString();
        for (String node : cluster.nodeNames()) {
            cluster.process(node).ifPresent(p -> {
                Path file = dir.resolve("jstack-" + node + "-" + System.currentTimeMillis() + ".txt");
                try {
                    Process dump = new ProcessBuilder(jstack, Long.toString(p.pid()))
                            .redirectErrorStream(true)
                            .redirectOutput(file.toFile())
                            .start();
                    if (!dump.waitFor(30, TimeUnit.SECONDS)) {
                        dump.destroyForcibly();
                    }
                    out.println("thread dump of " + node + ": " + file + " runnable " + runnable(file));
                } catch (IOException e) {
                    out.println("no thread dump of " + node + ": " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    /** Runnable threads by name without its trailing number ("entsso-tls-18641-", ...). */
    private static Map<String, Integer> runnable(Path file) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        Matcher m = THREAD.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
            if (m.group(2).equals("RUNNABLE")) {
                counts.merge(m.group(1).replaceAll("\\d+$", ""), 1, Integer::sum);
            }
        }
        return counts;
    }
}
