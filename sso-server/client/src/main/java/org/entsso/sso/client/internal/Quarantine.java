package org.entsso.sso.client.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SSO servers that failed at the transport level (refused, reset, timed out) a short while ago: they are tried last
 * until their period ends or they answer. A frozen server (SIGSTOP, a long GC pause) accepts connections and never
 * answers, so without this every read or write whose round-robin turn lands on it costs a whole request timeout until
 * discovery drops it (issue 9 item 6: in the drill, lookups nearly stopped for 5 s and a write waited two request
 * timeouts while a standby had long taken over). A quarantined server is still tried when no other is left.
 *
 * <p>Thread-safe.
 */
final class Quarantine {
    private final long periodNanos;
    private final Map<URI, Long> until = new ConcurrentHashMap<>();

    Quarantine(Duration period) {
        this.periodNanos = period.toNanos();
    }

    /** {@code server} failed at the transport level: try it last for the period. */
    void failed(URI server) {
        until.put(server, System.nanoTime() + periodNanos);
    }

    /** {@code server} answered (whatever the status): it is no longer held back. */
    void answered(URI server) {
        until.remove(server);
    }

    /** {@code servers} round-robin from {@code start}, those in quarantine moved to the end in the same order. */
    List<URI> order(List<URI> servers, int start) {
        long now = System.nanoTime();
        List<URI> ready = new ArrayList<>(servers.size());
        List<URI> held = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            URI server = servers.get(Math.floorMod(start + i, servers.size()));
            Long end = until.get(server);
            if (end != null && end - now > 0) {
                held.add(server);
            } else {
                if (end != null) {
                    until.remove(server, end);
                }
                ready.add(server);
            }
        }
        ready.addAll(held);
        return ready;
    }
}
