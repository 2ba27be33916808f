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
     */
    public record Limits(
            Duration idleTimeout, int maxConnections, int maxRequestBytes, int maxHeaderBytes, Duration drainTimeout) {
        /** 30 s idle, 1000 connections, 64 KiB bodies, 8 KiB headers, 5 s drain. */
        public static final Limits DEFAULT =
                new Limits(Duration.ofSeconds(30), 1000, 64 * 1024, 8 * 1024, Duration.ofSeconds(5));

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
        }

        public Limits withIdleTimeout(Duration value) {
            return new Limits(value, maxConnections, maxRequestBytes, maxHeaderBytes, drainTimeout);
        }

        public Limits withMaxConnections(int value) {
            return new Limits(idleTimeout, value, maxRequestBytes, maxHeaderBytes, drainTimeout);
        }

        public Limits withMaxRequestBytes(int value) {
            return new Limits(idleTimeout, maxConnections, value, maxHeaderBytes, drainTimeout);
        }

        public Limits withMaxHeaderBytes(int value) {
            return new Limits(idleTimeout, maxConnections, maxRequestBytes, value, drainTimeout);
        }

        public Limits withDrainTimeout(Duration value) {
            return new Limits(idleTimeout, maxConnections, maxRequestBytes, maxHeaderBytes, value);
        }
    }

    private static void requirePositive(String what, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive");
        }
    }
}
