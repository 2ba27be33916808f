package org.entsso.sso.mss;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.EncryptingWrites;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.KeyringServer;
import org.entsso.sso.transport.internal.JsonResponses;
import org.entsso.sso.transport.internal.TransportFailures;

/**
 * An SSO server's {@link EncryptingWrites}: forwards each write to the active master secret server's
 * {@code /v1/internal/credentials} or {@code /v1/internal/config} over mutual TLS 1.3 (DESIGN.md decision 7),
 * presenting the node's own certificate (role {@code sso-server}). The server is accepted only with a cluster node
 * certificate carrying the role {@code master-secret-server} whose name matches the host dialled, as for
 * {@link org.entsso.sso.transport.KeyringClient}. The endpoint is asked of a supplier on every call, so a failover is
 * followed at once.
 *
 * <p>No endpoint, a refused, reset or timed-out connection, or an answer that is not one of ours:
 * {@link SsoError#SECRET_NOT_AVAILABLE} (10783), retryable. The MSS's error answers become the matching
 * {@link SsoException}. This client retries in one case only: a write unanswered for {@link #RECHECK} whose endpoint is
 * no longer the published one (the MSS froze and another took over) is sent to the new one at once, with the same
 * request id, which the MSS applies at most once; with none published it fails with 10783 at once rather than at the
 * request timeout. Every other retry is the client library's, repeating the request id.
 *
 * <p>Thread-safe. Values are sent and forgotten: the request body is zeroed after sending and never logged.
 * {@link #close()} makes further calls throw {@link IllegalStateException}.
 */
public final class MasterSecretClient implements EncryptingWrites, Closeable {
    /** Default limit on establishing the connection, TLS handshake included (a cold JVM under load takes seconds). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default limit from sending a write to receiving the answer's headers. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** How long a write waits for its answer before checking that its endpoint is still the published one. */
    static final Duration RECHECK = Duration.ofMillis(200);

    private static final Logger LOG = LogManager.getLogger(MasterSecretClient.class);
    private static final int MAX_ERROR_BODY_BYTES = 16 * 1024;
    private static final String RETRY =
            " Retry the write with the same request id: the master secret server applies it at most once.";

    private final HttpClient http;
    private final Supplier<Optional<URI>> endpoints;
    private final Duration requestTimeout;
    private final EndpointChanges changes;
    private final Duration hold;
    private volatile boolean closed;

    /**
     * Tells when the published endpoint changes, so that a write that found no master secret server, or found the
     * published one gone, waits for the next one instead of failing at once.
     */
    @FunctionalInterface
    public interface EndpointChanges {
        /** Nothing tells: a write fails at once with 10783. */
        EndpointChanges NONE = (current, max) -> Optional.empty();

        /**
         * The published endpoint once it is present and not {@code current}, waiting at most {@code max}; empty when
         * that did not happen in time.
         */
        Optional<URI> awaitOther(Optional<URI> current, Duration max) throws InterruptedException;
    }

    /** How long a write may wait for the next master secret server to publish its endpoint (see {@link EndpointChanges}). */
    public static final Duration DEFAULT_HOLD = Duration.ofSeconds(3);

    /** A client with {@link #DEFAULT_CONNECT_TIMEOUT} and {@link #DEFAULT_REQUEST_TIMEOUT}. */
    public MasterSecretClient(TlsMaterial material, Supplier<Optional<URI>> endpoints) {
        this(material, endpoints, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * A client presenting {@code material}'s certificate to the endpoint {@code endpoints} names at each call
     * ({@code https://host:port}, empty while no master secret server is online), with these timeouts (positive).
     */
    public MasterSecretClient(
            TlsMaterial material, Supplier<Optional<URI>> endpoints, Duration connectTimeout, Duration requestTimeout) {
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("the connect and request timeouts must be positive");
        }
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.requestTimeout = requestTimeout;
        this.http = material.httpClient(NodeRole.MASTER_SECRET_SERVER, connectTimeout);
        this.changes = EndpointChanges.NONE;
        this.hold = Duration.ZERO;
    }

    private MasterSecretClient(MasterSecretClient base, EndpointChanges changes, Duration hold) {
        this.endpoints = base.endpoints;
        this.requestTimeout = base.requestTimeout;
        this.http = base.http;
        this.changes = Objects.requireNonNull(changes, "changes");
        this.hold = Objects.requireNonNull(hold, "hold");
    }

    /**
     * This client, but a write that finds no master secret server, or finds the published one refusing or resetting
     * its connection, waits up to {@code hold} for {@code changes} to name the next one and is sent there at once,
     * with the same request id (issue 14 item 4: a writer then waits on the election, not on a retry backoff).
     */
    public MasterSecretClient holdingFor(EndpointChanges changes, Duration hold) {
        return new MasterSecretClient(this, changes, hold);
    }

    /**
     * The endpoint the master secret server publishes under {@code networkName} ({@code Endpoint}, sso-server/docs/
     * api.md), as a supplier for the constructor.
     */
    public static Supplier<Optional<URI>> published(ClusterAdmin admin, String networkName) {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(networkName, "networkName");
        return () -> admin.resolveName(networkName).map(m -> m.get("Endpoint")).map(URI::create);
    }

    @Override
    public Optional<PurgeStep> setCredentials(
            String caller,
            UUID requestId,
            String application,
            WindowsAccount account,
            SortedMap<Integer, byte[]> fields) {
        return post(WriteEndpoints.CREDENTIALS_PATH, json -> {
            writeCommon(json, caller, requestId, application);
            json.writeStringField("account", account.toString());
            json.writeObjectFieldStart("fields");
            for (Map.Entry<Integer, byte[]> field : fields.entrySet()) {
                json.writeFieldName(Integer.toString(field.getKey()));
                json.writeBinary(field.getValue()); // base64
            }
            json.writeEndObject();
        });
    }

    @Override
    public void setConfigInfo(
            String caller, UUID requestId, String application, String identifier, Map<String, String> properties) {
        post(WriteEndpoints.CONFIG_PATH, json -> {
            writeCommon(json, caller, requestId, application);
            json.writeStringField("identifier", identifier);
            json.writeObjectFieldStart("properties");
            for (Map.Entry<String, String> property : properties.entrySet()) {
                json.writeStringField(property.getKey(), property.getValue());
            }
            json.writeEndObject();
        });
    }

    private static void writeCommon(JsonGenerator json, String caller, UUID requestId, String application)
            throws IOException {
        json.writeStringField("caller", Objects.requireNonNull(caller, "caller"));
        json.writeStringField("requestId", requestId.toString());
        json.writeStringField("application", Objects.requireNonNull(application, "application"));
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** Sends the write; returns the purge step the master secret server reported, if any. */
    private Optional<PurgeStep> post(String path, Body members) {
        if (closed) {
            throw new IllegalStateException("the master secret client is closed");
        }
        long holdUntil = System.nanoTime() + hold.toNanos();
        URI endpoint = endpointOrHold(holdUntil);
        JsonResponses.WipeableBuffer body = new JsonResponses.WipeableBuffer(512);
        try {
            try (JsonGenerator json = JsonResponses.JSON.createGenerator(body)) {
                json.writeStartObject();
                members.write(json);
                json.writeEndObject();
            }
            while (true) {
                try {
                    HttpResponse<InputStream> response = exchange(endpoint, path, body);
                    byte[] answer;
                    try (InputStream in = response.body()) {
                        answer = in.readNBytes(MAX_ERROR_BODY_BYTES);
                    }
                    Optional<String> standby = response.headers().firstValue(KeyringServer.STANDBY_HEADER);
                    if (response.statusCode() == 503 && standby.isPresent()) {
                        // A possible owner's endpoint that is not (or no longer) the master secret server: it
                        // applied nothing. Send to the next published owner at once, as for a refused connection.
                        Optional<URI> next = awaitOther(endpoint, holdUntil);
                        if (next.isPresent()) {
                            LOG.info(
                                    "Write to {} answered by a standby ({}); the master secret server is now {}: sent"
                                            + " there",
                                    endpoint,
                                    standby.get(),
                                    next.get());
                            endpoint = next.get();
                            continue;
                        }
                    }
                    answer(endpoint, response.statusCode(), answer);
                    return PurgeStep.parse(response.headers()
                            .firstValue(WriteEndpoints.PURGE_STEP_HEADER)
                            .orElse(null));
                } catch (ExecutionException e) {
                    // Refused or reset: the owner is gone. Wait for the next one to publish its endpoint and send
                    // there at once (issue 14 item 4), rather than answer 10783 and leave the client to back off.
                    Optional<URI> next = awaitOther(endpoint, holdUntil);
                    if (next.isPresent()) {
                        LOG.info(
                                "Write to {} failed ({}); the master secret server is now {}: sent there",
                                endpoint,
                                describe(e),
                                next.get());
                        endpoint = next.get();
                        continue;
                    }
                    Throwable cause = e.getCause();
                    throw new SsoException(
                            SsoError.SECRET_NOT_AVAILABLE,
                            "The master secret server at " + endpoint + " cannot be reached (" + describe(e) + ")."
                                    + RETRY,
                            cause);
                }
            }
        } catch (IOException e) {
            throw new SsoException(
                    SsoError.SECRET_NOT_AVAILABLE,
                    "The master secret server at " + endpoint + " cannot be reached (" + TransportFailures.reason(e)
                            + ")." + RETRY,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SsoException(
                    SsoError.SECRET_NOT_AVAILABLE,
                    "Interrupted while writing through the master secret server at " + endpoint + "." + RETRY,
                    e);
        } finally {
            body.wipe();
        }
    }

    /**
     * Sends the write to {@code endpoint} and waits for the answer's headers; a write unanswered for {@link #RECHECK}
     * whose endpoint is no longer the published one is sent to the new one (see the class comment).
     */
    private HttpResponse<InputStream> exchange(URI first, String path, JsonResponses.WipeableBuffer body)
            throws ExecutionException, IOException, InterruptedException {
        URI endpoint = first;
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        CompletableFuture<HttpResponse<InputStream>> pending = send(endpoint, path, body, requestTimeout);
        while (true) {
            try {
                return pending.get(RECHECK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
                // A frozen master secret server accepts the connection and never answers. Once another one is
                // published (or none is), this write is sent there at once with the same request id, which the MSS
                // applies at most once, instead of waiting out the request timeout (issue 9 item 6: after a SIGSTOP,
                // the first write must come as fast as after a SIGKILL).
                Optional<URI> now = publishedNow();
                long left = deadline - System.nanoTime();
                if (now == null || now.filter(endpoint::equals).isPresent()) {
                    if (left <= 0) {
                        pending.cancel(true);
                        throw new HttpTimeoutException("request timed out");
                    }
                    continue;
                }
                pending.cancel(true);
                if (now.isEmpty() || left <= 0) {
                    throw new SsoException(
                            SsoError.SECRET_NOT_AVAILABLE,
                            "The master secret server at " + endpoint
                                    + " did not answer and is no longer the published one." + RETRY);
                }
                LOG.info(
                        "Write to {} unanswered after {} ms; the master secret server is now {}: sent there",
                        endpoint,
                        RECHECK.toMillis(),
                        now.get());
                endpoint = now.get();
                pending = send(endpoint, path, body, Duration.ofNanos(left));
            }
        }
    }

    /** The published endpoint; with none published, waits until {@code holdUntil} for one. */
    private URI endpointOrHold(long holdUntil) {
        try {
            return endpoint();
        } catch (SsoException none) {
            try {
                return awaitOther(null, holdUntil).orElseThrow(() -> none);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw none;
            }
        }
    }

    /** An endpoint other than {@code current} (null: any), once one is published, waiting until {@code until}. */
    private Optional<URI> awaitOther(URI current, long until) throws InterruptedException {
        long left = until - System.nanoTime();
        if (left <= 0) {
            return Optional.empty();
        }
        return changes.awaitOther(Optional.ofNullable(current), Duration.ofNanos(left));
    }

    private static String describe(ExecutionException e) {
        Throwable cause = e.getCause();
        return cause instanceof IOException io
                ? TransportFailures.reason(io)
                : String.valueOf(cause == null ? e : cause.getClass().getSimpleName());
    }

    private CompletableFuture<HttpResponse<InputStream>> send(
            URI endpoint, String path, JsonResponses.WipeableBuffer body, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.array(), 0, body.size()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The published endpoint now, or null when it cannot be told (ZooKeeper unreachable): then keep waiting. */
    private Optional<URI> publishedNow() {
        try {
            return endpoints.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The endpoint now; naming it may fail too, e.g. while ZooKeeper has no quorum. */
    private URI endpoint() {
        Optional<URI> found;
        try {
            found = endpoints.get();
        } catch (RuntimeException e) {
            throw new SsoException(
                    SsoError.SECRET_NOT_AVAILABLE,
                    "The master secret server cannot be found now ("
                            + e.getClass().getSimpleName() + ")." + RETRY,
                    e);
        }
        return found.orElseThrow(() ->
                new SsoException(SsoError.SECRET_NOT_AVAILABLE, "No master secret server is online now." + RETRY));
    }

    private static void answer(URI endpoint, int status, byte[] body) {
        if (status == 204 || status == 200) {
            return;
        }
        Optional<SsoException> relayed = parseError(body);
        if (relayed.isPresent()) {
            throw relayed.get();
        }
        throw new SsoException(
                SsoError.SECRET_NOT_AVAILABLE,
                "The master secret server at " + endpoint + " answered HTTP " + status + " without an error code."
                        + RETRY);
    }

    /** An error body {@code {"code", "message"}} with a code we know, as the exception it reports. */
    private static Optional<SsoException> parseError(byte[] body) {
        Integer code = null;
        String message = null;
        try (JsonParser json = JsonResponses.JSON.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            for (JsonToken t = json.nextToken(); t == JsonToken.FIELD_NAME; t = json.nextToken()) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (name.equals("code") && value == JsonToken.VALUE_NUMBER_INT) {
                    code = json.getIntValue();
                } else if (name.equals("message") && value == JsonToken.VALUE_STRING) {
                    message = json.getText();
                } else {
                    json.skipChildren();
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (code == null || message == null) {
            return Optional.empty();
        }
        String sentence = message;
        return SsoError.fromCode(code).map(error -> SsoException.relayed(error, sentence));
    }

    /**
     * Opens (or keeps open) {@code connections} connections to a possible owner's endpoint with {@code GET}
     * {@value KeyringServer#STATUS_PATH}, without waiting: the next failover's first writes then find a warm
     * connection to the new owner instead of a new TLS handshake (issue 14 item 4). Failures are ignored.
     */
    public void warm(URI endpoint, int connections) {
        if (closed) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve(KeyringServer.STATUS_PATH))
                .timeout(requestTimeout)
                .GET()
                .build();
        for (int i = 0; i < connections; i++) {
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        }
    }

    /** Refuses further writes. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "MasterSecretClient[" + (closed ? "closed" : "open") + "]";
    }
}
