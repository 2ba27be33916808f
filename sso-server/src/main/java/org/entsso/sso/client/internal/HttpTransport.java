package org.entsso.sso.client.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.entsso.sso.crypto.NodeRole;
import org.entsso.sso.transport.TlsMaterial;

/**
 * Sends one {@link ApiCall} to one SSO server over mutual TLS 1.3, presenting the caller's certificate and accepting
 * only servers whose certificate chains to the cluster CA, carries the role {@code sso-server} and matches the host
 * dialled (as {@code KeyringClient} does for the master secret server). Direct connections, never a system proxy; no
 * redirects. Thread-safe: the JDK client is.
 */
public final class HttpTransport {
    /** The header carrying a write's idempotency key (docs/api.md). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final HttpClient http;

    /** A transport presenting {@code material}, connecting within {@code connectTimeout}. */
    public HttpTransport(TlsMaterial material, Duration connectTimeout) {
        this.http = material.httpClient(NodeRole.SSO_SERVER, connectTimeout);
    }

    /**
     * Sends {@code call} to {@code server}, waiting at most {@code timeout} for the answer.
     *
     * @throws IOException when no answer arrived: refused, reset, TLS failure, timeout
     */
    public Answer send(URI server, ApiCall call, Optional<String> idempotencyKey, Duration timeout)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response =
                http.send(request(server, call, idempotencyKey, timeout), HttpResponse.BodyHandlers.ofByteArray());
        return answer(server, response);
    }

    /**
     * Sends {@code call} to {@code server} without waiting: the future completes with the answer, or exceptionally
     * with the {@link IOException} {@link #send} would throw (refused, reset, TLS failure, {@code timeout}).
     */
    public CompletableFuture<Answer> sendAsync(
            URI server, ApiCall call, Optional<String> idempotencyKey, Duration timeout) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        http.sendAsync(request(server, call, idempotencyKey, timeout), HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete((response, failure) -> {
                    if (response != null) {
                        answer.complete(answer(server, response));
                    } else {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure;
                        answer.completeExceptionally(
                                cause instanceof IOException ? cause : new IOException(cause.toString(), cause));
                    }
                });
        return answer;
    }

    private static HttpRequest request(URI server, ApiCall call, Optional<String> idempotencyKey, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + call.path()))
                .timeout(timeout)
                .header("Accept", "application/json");
        if (call.method().equals("GET")) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        }
        idempotencyKey.ifPresent(key -> request.header(IDEMPOTENCY_KEY, key));
        return request.build();
    }

    private static Answer answer(URI server, HttpResponse<byte[]> response) {
        boolean replay = response.headers()
                .firstValue("Idempotent-Replay")
                .map("true"::equalsIgnoreCase)
                .orElse(false);
        return new Answer(server, response.statusCode(), response.body(), replay);
    }
}
