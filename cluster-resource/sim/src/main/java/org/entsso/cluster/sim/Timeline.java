package org.entsso.cluster.sim;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.entsso.cluster.events.ClusterEvent;

/**
 * The simulator's output: every line prefixed with the wall-clock time elapsed since the scenario began (cluster log
 * lines carry wall-clock times too), cluster log lines printed once each. {@code advance clock} moves only the
 * nodes' policy clock, so it does not show as a jump here. Confined to the runner's thread.
 */
final class Timeline {
    private final PrintStream out;
    private final Clock clock;
    private final Instant start;
    private final Set<String> seen = new HashSet<>();

    Timeline(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
        this.start = clock.instant();
    }

    /** Prints a line at the current time. */
    void print(String message) {
        print(clock.instant(), message);
    }

    /** Prints each cluster log line not printed before, indented under the actions. */
    void events(List<ClusterEvent> events) {
        for (ClusterEvent event : events) {
            String key = event.time() + "|" + event.node() + "|" + event.kind() + "|" + event.message();
            if (seen.add(key)) {
                String line = event.format();
                String withoutTime = line.startsWith(event.time().toString())
                        ? line.substring(event.time().toString().length()).stripLeading()
                        : line;
                print(event.time(), "  log  " + withoutTime);
            }
        }
    }

    /** Prints a multi-line block (a table) under the current time. */
    void block(String text) {
        text.lines().forEach(line -> out.println("             " + line));
        out.flush();
    }

    /** How long the scenario has run (wall clock). */
    Duration elapsed() {
        return Duration.between(start, clock.instant());
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }

    private void print(Instant at, String message) {
        double seconds = Duration.between(start, at).toNanos() / 1e9;
        out.println(String.format(Locale.ROOT, "[%9.3fs] %s", seconds, message));
        out.flush();
    }
}
