package org.entsso.sso.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link MutualTlsServer} listens and with which TLS material. Port 0 binds an ephemeral port (see
 * {@link MutualTlsServer#boundPort()}). Immutable.
 *
 * @param host the address or host name to bind, for example {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the TCP port, 0 for an ephemeral one
 * @param material the server's certificate, key and cluster CA
 * @param workerThreads threads handling requests (handshakes run on them too); at least 1
 * @param handshakeTimeout how long a connection may take from its first byte to a complete request line (TLS
 *     handshake included) before it is dropped; positive
 */
public record TlsSettings(String host, int port, TlsMaterial material, int workerThreads, Duration handshakeTimeout) {
    /** The default number of request threads: keyring fetches and API calls are short. */
    public static final int DEFAULT_WORKER_THREADS = 8;
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
        if (handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("the handshake timeout must be positive");
        }
    }

    /** Settings with {@link #DEFAULT_WORKER_THREADS} and {@link #DEFAULT_HANDSHAKE_TIMEOUT}. */
    public TlsSettings(String host, int port, TlsMaterial material) {
        this(host, port, material, DEFAULT_WORKER_THREADS, DEFAULT_HANDSHAKE_TIMEOUT);
    }
}
