package org.entsso.sso.mss;

import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.transport.CallerHandler;
import org.entsso.sso.transport.CallerPolicy;
import org.entsso.sso.transport.Exchange;
import org.entsso.sso.transport.KeyringServer;
import org.entsso.sso.transport.MutualTlsServer;
import org.entsso.sso.transport.TlsSettings;
import org.entsso.sso.transport.WorkPool;
import org.entsso.sso.transport.internal.JsonResponses;

/**
 * The master secret service's TLS endpoint on a node that may own the ENTSSO group. It listens from the node's start,
 * not from its first term, so that every SSO server keeps a warm connection to every possible owner and a failover or
 * a planned move costs a request, not a new TLS connection to an endpoint that did not exist a moment before (issue
 * 14 item 4; a cold connection cost 150-700 ms of each failover).
 *
 * <p>While this node's term is online ({@link #attach}), the keyring, write and secret routes are that term's; before,
 * between and after terms they answer 503 {@code 10783} with the header {@value KeyringServer#STANDBY_HEADER} naming
 * the node, which tells an SSO server to wait for the next published owner rather than retry here. {@code GET}
 * {@value KeyringServer#STATUS_PATH} answers any cluster identity {@code {"node", "serving", "epoch"}}: SSO servers
 * ping it to keep their connections warm.
 *
 * <p>Lifecycle LATENT -> STARTED ({@link #start}, idempotent) -> CLOSED ({@link #close}). Thread-safe: one term is
 * attached at a time; a detached term's requests still in flight finish (up to the drain time) before its keys are
 * zeroed.
 */
final class MssEndpoint implements Closeable {
    private static final Logger LOG = LogManager.getLogger(MssEndpoint.class);

    /**
     * How long a term that goes offline waits for its requests in flight: a planned move waits for it, and a write
     * still in flight after that is fenced by the next owner's epoch anyway, so its client retries there with the same
     * request id.
     */
    static final Duration DRAIN = Duration.ofSeconds(1);

    /** A term's routes, each with the pool and callers every term serves it to. */
    private record RouteSpec(String path, WorkPool pool, CallerPolicy callers) {}

    private static final List<RouteSpec> TERM_ROUTES = List.of(
            new RouteSpec(KeyringServer.PATH, KeyringServer.POOL, KeyringServer.CALLERS),
            new RouteSpec(WriteEndpoints.CREDENTIALS_PATH, WriteEndpoints.POOL, KeyringServer.CALLERS),
            new RouteSpec(WriteEndpoints.CONFIG_PATH, WriteEndpoints.POOL, KeyringServer.CALLERS),
            new RouteSpec(SecretEndpoints.STATUS, SecretEndpoints.POOL, CallerPolicy.administrators()),
            new RouteSpec(SecretEndpoints.GENERATE, SecretEndpoints.POOL, CallerPolicy.administrators()),
            new RouteSpec(SecretEndpoints.BACKUP, SecretEndpoints.POOL, CallerPolicy.administrators()),
            new RouteSpec(SecretEndpoints.RESTORE, SecretEndpoints.POOL, CallerPolicy.administrators()));

    /** Where a term's endpoint classes mount their handlers; each path must be one of the term routes. */
    interface Routes {
        void route(String path, CallerHandler handler);
    }

    /** One ownership term's handlers, and the requests it is serving. */
    static final class Term {
        private final long epoch;
        private final Map<String, CallerHandler> handlers = new HashMap<>();
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile boolean ended;

        private Term(long epoch) {
            this.epoch = epoch;
        }

        private boolean enter() {
            inFlight.incrementAndGet();
            if (ended) {
                inFlight.decrementAndGet();
                return false;
            }
            return true;
        }

        private void exit() {
            inFlight.decrementAndGet();
        }

        /** This term's epoch. */
        long epoch() {
            return epoch;
        }
    }

    private final String nodeName;
    private final MutualTlsServer server;
    private final AtomicReference<Term> current = new AtomicReference<>();

    /** An endpoint for {@code nodeName} listening as {@code settings} say (once started), meters on {@code registry}. */
    MssEndpoint(TlsSettings settings, String nodeName, MeterRegistry registry) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        MutualTlsServer s = new MutualTlsServer(
                        settings.withLimits(settings.limits().withDrainTimeout(DRAIN)))
                .instrument(registry, "mss");
        for (RouteSpec spec : TERM_ROUTES) {
            s.route(spec.path(), spec.pool(), spec.callers(), dispatch(spec.path()));
        }
        s.route(KeyringServer.STATUS_PATH, KeyringServer.POOL, CallerPolicy.anyClusterIdentity(), this::status);
        this.server = s;
    }

    /** Binds and starts listening; idempotent. */
    synchronized void start() {
        if (server.state() == MutualTlsServer.State.LATENT) {
            server.start();
        }
    }

    /** {@code https://host:port}, what the term publishes under the network name. Only once started. */
    URI endpoint() {
        return server.endpoint();
    }

    /** Whether the endpoint listens. */
    boolean isListening() {
        return server.state() == MutualTlsServer.State.STARTED;
    }

    /**
     * Makes {@code mount}'s handlers this node's answer on the term routes, replacing any term still attached (a
     * restart in place); returns the term to {@link #detach} later.
     */
    Term attach(long epoch, java.util.function.Consumer<Routes> mount) {
        Term term = new Term(epoch);
        mount.accept((path, handler) -> {
            if (TERM_ROUTES.stream().noneMatch(r -> r.path().equals(path))) {
                throw new IllegalArgumentException("not a term route of the master secret service: " + path);
            }
            term.handlers.put(path, Objects.requireNonNull(handler, "handler"));
        });
        if (term.handlers.size() != TERM_ROUTES.size()) {
            throw new IllegalArgumentException("a term must serve every route of the master secret service");
        }
        Term previous = current.getAndSet(term);
        if (previous != null) {
            end(previous);
        }
        LOG.info("Master secret endpoint {} serves epoch {} on {}", endpoint(), epoch, nodeName);
        return term;
    }

    /**
     * Stops serving {@code term} (a later term stays) and waits up to {@link #DRAIN} for its requests in flight.
     * Idempotent.
     */
    void detach(Term term) {
        if (term == null) {
            return;
        }
        if (current.compareAndSet(term, null)) {
            LOG.info(
                    "Master secret endpoint on {} stops serving epoch {}; it answers as a standby",
                    nodeName,
                    term.epoch);
        }
        end(term);
    }

    /** Whether {@code term} is the one served now. */
    boolean serves(Term term) {
        return term != null && current.get() == term && !term.ended;
    }

    private static void end(Term term) {
        term.ended = true;
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (term.inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (term.inFlight.get() > 0) {
            LOG.warn(
                    "{} request(s) of epoch {} still in flight after {} ms; the next owner's epoch fences them",
                    term.inFlight.get(),
                    term.epoch,
                    DRAIN.toMillis());
        }
    }

    private CallerHandler dispatch(String path) {
        return (exchange, caller) -> {
            Term term = current.get();
            if (term == null || !term.enter()) {
                standby(exchange);
                return;
            }
            try {
                term.handlers.get(path).handle(exchange, caller);
            } finally {
                term.exit();
            }
        };
    }

    private void standby(Exchange exchange) throws IOException {
        exchange.setResponseHeader(KeyringServer.STANDBY_HEADER, nodeName);
        exchange.setResponseHeader("Retry-After", "1");
        JsonResponses.error(
                exchange,
                503,
                SsoError.SECRET_NOT_AVAILABLE,
                "Node " + nodeName + " is not the master secret server now; find the current one and retry.");
    }

    private void status(Exchange exchange, org.entsso.sso.tls.CertificateIdentity caller) throws IOException {
        if (!"GET".equals(exchange.method())) {
            exchange.setResponseHeader("Allow", "GET");
            JsonResponses.error(
                    exchange, 405, SsoError.INVALID_ARGUMENT, "Use GET on " + KeyringServer.STATUS_PATH + ".");
            return;
        }
        Term term = current.get();
        JsonResponses.WipeableBuffer body = new JsonResponses.WipeableBuffer(128);
        try (JsonGenerator json = JsonResponses.JSON.createGenerator(body)) {
            json.writeStartObject();
            json.writeStringField("node", nodeName);
            json.writeBooleanField("serving", term != null && !term.ended);
            if (term != null) {
                json.writeNumberField("epoch", term.epoch);
            } else {
                json.writeNullField("epoch");
            }
            json.writeEndObject();
        }
        JsonResponses.send(exchange, 200, body.array(), body.size());
    }

    /** Stops listening (requests in flight get the drain time). Idempotent. */
    @Override
    public void close() {
        Term term = current.getAndSet(null);
        if (term != null) {
            term.ended = true;
        }
        server.close();
    }

    @Override
    public String toString() {
        return "MssEndpoint[" + nodeName + ", " + server.state() + "]";
    }
}
