package org.entsso.sso.client.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;

/**
 * Sends one {@link ApiCall} to one SSO server over mutual TLS 1.3, presenting the caller's certificate and accepting
 * only servers whose certificate chains to the cluster CA, carries the role {@code sso-server} and matches the host
 * dialled (as {@code KeyringClient} does for the master secret server). Direct connections, never a system proxy; no
 * redirects. Thread-safe: the JDK client is.
 *
 * <p>{@link #sendAsync} sends with the blocking {@code HttpClient.send} on this transport's own cached threads rather
 * than with {@code HttpClient.sendAsync}: the JDK completes every asynchronous answer through CompletableFuture's
 * default executor, which starts a new thread per answer on a machine with fewer than three cores (the common pool
 * then has parallelism 1), i.e. one thread per lookup on a small host. {@link #close()} stops those threads.
 */
public final class HttpTransport implements Closeable {
    /** The header carrying a write's idempotency key (docs/api.md). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final HttpClient http;
    /** Idle threads end after a minute; there are as many as calls in flight (hedged reads: about two per call). */
    private final ExecutorService senders = new ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), new SenderThreads());

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
        try {
            senders.execute(() -> {
                try {
                    answer.complete(send(server, call, idempotencyKey, timeout));
                } catch (IOException e) {
                    answer.completeExceptionally(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    answer.completeExceptionally(new IOException("interrupted while sending to " + server, e));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(new IOException(e.toString(), e));
                }
            });
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(new IOException("the SSO client is closed", e));
        }
        return answer;
    }

    /** Stops the sending threads (calls in flight are interrupted). Idempotent. */
    @Override
    public void close() {
        senders.shutdownNow();
    }

    /** Daemon threads named after the client, so they never keep a host process alive. */
    private static final class SenderThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "entsso-client-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
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
