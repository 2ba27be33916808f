package org.entsso.sso.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.internal.KeyringWire;
import org.entsso.sso.transport.internal.TransportFailures;

/**
 * An SSO server's side of keyring distribution (DESIGN.md decision 6): fetches the keyring from the master secret
 * server's {@link KeyringServer} over mutual TLS 1.3, presenting the node's own certificate. The server is accepted only
 * if its chain validates against the cluster CA, its certificate is a node certificate with the role
 * {@code master-secret-server}, and its subject alternative name matches the host dialled (RFC 2818, applied by the JDK
 * HTTP client). Connections go direct, never through a system-wide proxy.
 *
 * <p>Failures are {@link SsoException}s naming the endpoint, never a key: unreachable, refused TLS, timeout or a
 * malformed answer: {@link SsoError#SECRET_SERVER_UNAVAILABLE} (10532); 403: {@link SsoError#ACCESS_DENIED} (11042);
 * 503: {@link SsoError#SECRET_NOT_AVAILABLE} (10783).
 *
 * <p>Thread-safe: {@link #fetch} may be called concurrently. {@link #close()} makes further fetches throw
 * {@link IllegalStateException}; the JDK 17 HTTP client has no close, so its selector thread ends once this client is
 * unreachable.
 */
public final class KeyringClient implements Closeable {
    /** Default limit on establishing the TCP connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Default limit from sending the request to receiving the response headers. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LogManager.getLogger(KeyringClient.class);
    /** A keyring response is under 1 KiB; anything near this is not one. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpClient http;
    private final Duration readTimeout;
    private volatile boolean closed;

    /** A client with {@link #DEFAULT_CONNECT_TIMEOUT} and {@link #DEFAULT_READ_TIMEOUT}. */
    public KeyringClient(TlsMaterial material) {
        this(material, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /** A client presenting {@code material}'s certificate, with these timeouts (both positive). */
    public KeyringClient(TlsMaterial material, Duration connectTimeout, Duration readTimeout) {
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("the connect and read timeouts must be positive");
        }
        this.http = material.httpClient(NodeRole.MASTER_SECRET_SERVER, connectTimeout);
        this.readTimeout = readTimeout;
    }

    /**
     * Fetches the keyring from the MSS at {@code endpoint} ({@code https://host:port}, as published in ZooKeeper).
     * The caller owns the result and closes it to zero the keys.
     */
    public FetchedKeyring fetch(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (closed) {
            throw new IllegalStateException("the keyring client is closed");
        }
        if (!"https".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("a master secret server endpoint is https://host:port, not " + endpoint);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(KeyringServer.PATH))
                .timeout(readTimeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        byte[] body = null;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            return answer(endpoint, response.statusCode(), body);
        } catch (IOException e) {
            throw TransportFailures.unreachable(endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SsoException(SsoError.SECRET_SERVER_UNAVAILABLE, endpoint + " (interrupted while fetching)", e);
        } finally {
            if (body != null) {
                Arrays.fill(body, (byte) 0);
            }
        }
    }

    private static FetchedKeyring answer(URI endpoint, int status, byte[] body) {
        switch (status) {
            case 200:
                break;
            case 403:
                throw new SsoException(
                        SsoError.ACCESS_DENIED,
                        "SSO servers (a node certificate with the role "
                                + NodeRole.SSO_SERVER.label() + "); the master secret server at " + endpoint
                                + " refused this node's certificate");
            case 503:
                throw new SsoException(
                        SsoError.SECRET_NOT_AVAILABLE,
                        "The server at " + endpoint
                                + " is not serving the master secret now; find the current master secret server and retry.");
            default:
                throw new SsoException(
                        SsoError.SECRET_SERVER_UNAVAILABLE, endpoint + " (it answered HTTP " + status + ")");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new SsoException(
                    SsoError.SECRET_SERVER_UNAVAILABLE, endpoint + " (its answer is larger than any keyring response)");
        }
        try {
            KeyringWire.Parsed parsed = KeyringWire.read(body);
            LOG.info("fetched keyring {} (epoch {}) from {}", parsed.keyring().secrets(), parsed.epoch(), endpoint);
            return new FetchedKeyring(parsed.keyring(), parsed.epoch(), endpoint);
        } catch (KeyringWire.Malformed e) {
            throw new SsoException(
                    SsoError.SECRET_SERVER_UNAVAILABLE,
                    endpoint + " (its answer is not a valid keyring response: " + e.getMessage() + ")",
                    e);
        }
    }

    /**
     * Opens (or keeps open) a connection to a possible owner's endpoint with {@code GET} {@value
     * KeyringServer#STATUS_PATH}, without waiting, so that the keyring fetch after the next failover finds it warm.
     * Failures are ignored.
     */
    public void warm(URI endpoint) {
        if (closed) {
            return;
        }
        http.sendAsync(
                HttpRequest.newBuilder(endpoint.resolve(KeyringServer.STATUS_PATH))
                        .timeout(readTimeout)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** Refuses further fetches. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "KeyringClient[" + (closed ? "closed" : "open") + "]";
    }
}
