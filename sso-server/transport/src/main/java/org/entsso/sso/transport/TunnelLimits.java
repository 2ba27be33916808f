package org.entsso.sso.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds of one end of the SSO database's TLS tunnel ({@link DatabaseTunnelServer}, {@link DatabaseTunnel}): how
 * long a TCP connect and a TLS handshake may take, and how many connections it relays at once (two platform threads
 * each). There is deliberately no idle timeout (pooled database connections idle for minutes; the driver bounds its
 * own reads). Immutable and thread-safe.
 *
 * @param connectTimeout the longest a TCP connect to the other side may take
 * @param handshakeTimeout the longest a TLS handshake may take
 * @param maxConnections the most connections relayed at once; more are closed at once (and logged)
 */
public record TunnelLimits(Duration connectTimeout, Duration handshakeTimeout, int maxConnections) {
    public TunnelLimits {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (connectTimeout.toMillis() < 1 || handshakeTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("connect and handshake timeouts must be at least 1 ms");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
    }

    /**
     * Connect 5 s, handshake 30 s, and {@code maxConnections} connections. The handshake bound is generous because a
     * cold JVM's first handshakes on a loaded machine take seconds on either end (seen: more than 10 s for a starting
     * node on two shared cores); a client stalling its handshake holds one of the {@code maxConnections} slots that long.
     */
    public static TunnelLimits defaults(int maxConnections) {
        return new TunnelLimits(Duration.ofSeconds(5), Duration.ofSeconds(30), maxConnections);
    }
}
