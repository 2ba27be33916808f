package org.entsso.sso.transport;

import java.time.Duration;
import java.util.Objects;
import org.entsso.sso.tls.TlsMaterial;

/**
 * Where a {@link MutualTlsServer} listens, with which TLS material and within which limits. Port 0 binds an ephemeral
 * port (see {@link MutualTlsServer#boundPort()}). Immutable.
 *
 * @param host the address or host name to bind, for example {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the TCP port, 0 for an ephemeral one
 * @param material the server's certificate, key and cluster CA
 * @param workerThreads threads of {@link WorkPool#DEFAULT the default pool}, which runs the handlers of routes that
 *     name no pool; at least 1 (handshakes and request parsing do not use them)
 * @param handshakeTimeout how long a new connection may take from its accept to its first request reaching a handler
 *     (TLS handshake, headers and body), and any request body to arrive whole; positive
 * @param limits the other limits
 */
public record TlsSettings(
        String host, int port, TlsMaterial material, int workerThreads, Duration handshakeTimeout, Limits limits) {
    /** The default number of handler threads of the default pool: keyring fetches and API calls are short. */
    public static final int DEFAULT_WORKER_THREADS = WorkPool.DEFAULT.threads();
    /** The default handshake deadline: a TLS 1.3 handshake on a LAN takes milliseconds. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    public TlsSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a TLS endpoint needs a host or address to bind");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port must be 0..65535, not " + port);
        }
        Objects.requireNonNull(material, "material");
        if (workerThreads < 1) {
            throw new IllegalArgumentException("a TLS endpoint needs at least one worker thread");
        }
        requirePositive("handshake timeout", handshakeTimeout);
        Objects.requireNonNull(limits, "limits");
    }

    /** Settings with {@link #DEFAULT_WORKER_THREADS}, {@link #DEFAULT_HANDSHAKE_TIMEOUT} and {@link Limits#DEFAULT}. */
    public TlsSettings(String host, int port, TlsMaterial material) {
        this(host, port, material, DEFAULT_WORKER_THREADS, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /** Settings with {@link Limits#DEFAULT}. */
    public TlsSettings(String host, int port, TlsMaterial material, int workerThreads, Duration handshakeTimeout) {
        this(host, port, material, workerThreads, handshakeTimeout, Limits.DEFAULT);
    }

    /** These settings with other limits. */
    public TlsSettings withLimits(Limits other) {
        return new TlsSettings(host, port, material, workerThreads, handshakeTimeout, other);
    }

    /**
     * The server's limits besides the handshake deadline. Immutable.
     *
     * @param idleTimeout how long a connection may stay silent (between requests, or mid-answer) before it is closed
     * @param maxConnections open connections at most; beyond it the server stops accepting until one closes
     * @param maxRequestBytes the largest request body; a larger one is answered 413 without reaching a handler
     * @param maxHeaderBytes the largest request line and headers together; larger is answered 431
     * @param drainTimeout how long {@link MutualTlsServer#close()} lets requests in flight finish; new requests meanwhile
     *     get 503 and connections are closed after their answer
     * @param handshakeRate how many new connections one source address may open
     */
    public record Limits(
            Duration idleTimeout,
            int maxConnections,
            int maxRequestBytes,
            int maxHeaderBytes,
            Duration drainTimeout,
            HandshakeRate handshakeRate) {
        /** 30 s idle, 1000 connections, 64 KiB bodies, 8 KiB headers, 5 s drain, {@link HandshakeRate#DEFAULT}. */
        public static final Limits DEFAULT = new Limits(
                Duration.ofSeconds(30), 1000, 64 * 1024, 8 * 1024, Duration.ofSeconds(5), HandshakeRate.DEFAULT);

        public Limits {
            requirePositive("idle timeout", idleTimeout);
            if (maxConnections < 1 || maxRequestBytes < 0 || maxHeaderBytes < 1024) {
                throw new IllegalArgumentException(
                        "limits need at least 1 connection, a body limit of at least 0 and a header limit of at least 1024");
            }
            Objects.requireNonNull(drainTimeout, "drainTimeout");
            if (drainTimeout.isNegative()) {
                throw new IllegalArgumentException("the drain timeout must not be negative");
            }
            Objects.requireNonNull(handshakeRate, "handshakeRate");
        }

        public Limits withIdleTimeout(Duration value) {
            return new Limits(value, maxConnections, maxRequestBytes, maxHeaderBytes, drainTimeout, handshakeRate);
        }

        public Limits withMaxConnections(int value) {
            return new Limits(idleTimeout, value, maxRequestBytes, maxHeaderBytes, drainTimeout, handshakeRate);
        }

        public Limits withMaxRequestBytes(int value) {
            return new Limits(idleTimeout, maxConnections, value, maxHeaderBytes, drainTimeout, handshakeRate);
        }

        public Limits withMaxHeaderBytes(int value) {
            return new Limits(idleTimeout, maxConnections, maxRequestBytes, value, drainTimeout, handshakeRate);
        }

        public Limits withDrainTimeout(Duration value) {
            return new Limits(idleTimeout, maxConnections, maxRequestBytes, maxHeaderBytes, value, handshakeRate);
        }

        public Limits withHandshakeRate(HandshakeRate value) {
            return new Limits(idleTimeout, maxConnections, maxRequestBytes, maxHeaderBytes, drainTimeout, value);
        }
    }

    /**
     * How many new connections one source address may open: {@code perSecond} on average, {@code burst} at once. A
     * connection over the rate is closed when it is accepted, before its TLS handshake costs the server anything.
     * Clients that keep their connections alive open few; a single source flooding the server with full mutual-TLS
     * handshakes is held to this rate (each costs the server about 4-5 ms of CPU on a small machine).
     *
     * @param perSecond new connections per second per source address on average; 0 turns the limit off
     * @param burst new connections one source may open at once, at least 1 (ignored when the limit is off)
     */
    public record HandshakeRate(int perSecond, int burst) {
        /** 50 per second, 200 at once. */
        public static final HandshakeRate DEFAULT = new HandshakeRate(50, 200);

        /** No limit per source. */
        public static final HandshakeRate UNLIMITED = new HandshakeRate(0, 1);

        public HandshakeRate {
            if (perSecond < 0 || burst < 1) {
                throw new IllegalArgumentException(
                        "a handshake rate needs at least 0 per second (0: no limit) and a burst of at least 1");
            }
        }

        /** Whether the rate limits anything. */
        public boolean limited() {
            return perSecond > 0;
        }
    }

    private static void requirePositive(String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive");
        }
    }
}
