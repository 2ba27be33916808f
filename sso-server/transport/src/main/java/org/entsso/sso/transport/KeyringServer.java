package org.entsso.sso.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.transport.internal.JsonResponses;
import org.entsso.sso.transport.internal.KeyringWire;

/**
 * The master secret server's keyring endpoint (DESIGN.md decision 6): {@code GET} {@value #PATH} answers a caller
 * whose node certificate carries the role {@code sso-server} with the keyring, the MSS's ownership epoch and its
 * current MSID (format in sso-server/docs/transport.md), marked {@code Cache-Control: no-store}.
 *
 * <ul>
 *   <li>any other certificate (admin, client, node without the role): 403, {@code {"code": 11042, ...}};
 *   <li>the supplier has no keyring (not the MSS any more, going offline): 503, {@code {"code": 10783, ...}};
 *   <li>a method other than GET: 405.
 * </ul>
 *
 * <p>The keyring comes from a supplier asked on every request, so the MSS swaps in a rotated keyring or stops serving
 * without restarting the endpoint. Key bytes never reach a log line; the response buffer is zeroed after sending.
 *
 * <p>Thread-safe: the supplier is called concurrently from the worker threads and must be thread-safe itself.
 */
public final class KeyringServer implements Closeable {
    /** The endpoint's path. */
    public static final String PATH = "/v1/internal/keyring";

    /**
     * The master secret endpoint's status, {@code GET}: {@code {"node", "serving", "epoch"}} to any cluster identity.
     * SSO servers ping every possible owner's endpoint on it to keep a connection warm for the next failover.
     */
    public static final String STATUS_PATH = "/v1/internal/mss";

    /**
     * The header a possible owner's endpoint adds to its 503 while it is not the master secret server (a standby, or
     * an owner that went offline), naming its node: the caller should wait for the next published owner, not retry
     * here.
     */
    public static final String STANDBY_HEADER = "Entsso-Standby";

    /**
     * The keyring endpoint's own threads: a restarting SSO server gets its keyring even while every write thread waits
     * on a locked database row or secret management runs.
     */
    public static final WorkPool POOL = new WorkPool("keyring", 4, 64);

    /** Who may fetch the keyring: SSO servers (node certificates with the role sso-server), 403 11042 otherwise. */
    public static final CallerPolicy CALLERS = CallerPolicy.nodesWith(NodeRole.SSO_SERVER);

    private static final Logger LOG = LogManager.getLogger(KeyringServer.class);

    private final MutualTlsServer server;

    /** A keyring endpoint of its own on {@code settings}, serving what {@code keyrings} supplies; call start(). */
    public KeyringServer(TlsSettings settings, Supplier<Optional<ServedKeyring>> keyrings) {
        this.server = new MutualTlsServer(settings).route(PATH, POOL, CALLERS, handler(keyrings));
    }

    /**
     * The endpoint's handler alone, to mount at {@link #PATH} on a {@link MutualTlsServer} that serves more (the API
     * server).
     */
    public static CallerHandler handler(Supplier<Optional<ServedKeyring>> keyrings) {
        Objects.requireNonNull(keyrings, "keyrings");
        return (exchange, caller) -> serve(keyrings, exchange, caller);
    }

    /** Binds and starts serving; see {@link MutualTlsServer#start()}. */
    public void start() {
        server.start();
    }

    /** The bound port; see {@link MutualTlsServer#boundPort()}. */
    public int boundPort() {
        return server.boundPort();
    }

    /** The base URI to publish and dial, {@code https://host:port}. */
    public URI endpoint() {
        return server.endpoint();
    }

    /** Stops serving at once. Idempotent. */
    @Override
    public void close() {
        server.close();
    }

    private static void serve(Supplier<Optional<ServedKeyring>> keyrings, Exchange exchange, CertificateIdentity caller)
            throws IOException {
        if (!"GET".equals(exchange.method())) {
            exchange.setResponseHeader("Allow", "GET");
            JsonResponses.error(exchange, 405, SsoError.INVALID_ARGUMENT, "Use GET on " + PATH + ".");
            return;
        }
        Optional<ServedKeyring> served = keyrings.get();
        if (served.isEmpty() || served.get().keyring().isClosed()) {
            LOG.warn("no keyring to serve to {}: this node is not serving the master secret", caller.principal());
            exchange.setResponseHeader("Retry-After", "1");
            JsonResponses.error(
                    exchange,
                    503,
                    SsoError.SECRET_NOT_AVAILABLE,
                    "This node is not serving the master secret now; find the current master secret server and retry.");
            return;
        }
        ServedKeyring keyring = served.get();
        JsonResponses.WipeableBuffer body;
        try {
            body = KeyringWire.write(keyring.keyring(), keyring.epoch());
        } catch (IllegalStateException e) {
            // Closed between the check and the encoding: a rotation or a stop raced with this request.
            JsonResponses.error(exchange, 503, SsoError.SECRET_NOT_AVAILABLE, "The master secret changed; retry.");
            return;
        }
        try {
            JsonResponses.send(exchange, 200, body.array(), body.size());
        } finally {
            body.wipe();
        }
        LOG.info(
                "served keyring {} (epoch {}) to {}", keyring.keyring().secrets(), keyring.epoch(), caller.principal());
    }
}
