package org.entsso.failover.bench.attack;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A well-behaved client's lookups at a fixed arrival rate, whatever the answers do (open loop), as
 * {@code LookupBenchmark} sends them: one scheduler thread hands request {@code i} at its intended time to client
 * {@code i % n}, each a single thread sending with the blocking {@code HttpClient.send} over its own kept-alive
 * HTTP/1.1 connection (not {@code sendAsync}: on two cores the JDK client completes each asynchronous answer on a new
 * thread). Latency runs from the intended send time, so a stall counts against every request it delays (no coordinated
 * omission). Requests rotate over {@code uris}.
 *
 * <p>{@link #window()} returns what was answered since its last call. Thread-safe.
 */
final class OpenLoopLookups implements Closeable {
    /**
     * What a window of the run saw: latencies in nanoseconds of the answered lookups; failed ones (an error status or
     * exception); skipped ones, never sent because the server was already {@value #MAX_OUTSTANDING} answers behind.
     */
    record Window(Histogram latencies, long answered, long failed, long skipped) {}

    /** When this many requests wait for an answer, the server is far behind: later ones are skipped, not sent. */
    private static final int MAX_OUTSTANDING = 5_000;

    private final List<HttpClient> clients;
    private final List<HttpRequest> requests = new ArrayList<>();
    private final long intervalNanos;
    private final List<ExecutorService> senders = new ArrayList<>();
    private final Recorder recorder = new Recorder(3);
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Thread scheduler = new Thread(this::schedule, "lookup-scheduler");
    private volatile String lastFailure;

    OpenLoopLookups(List<HttpClient> clients, List<URI> uris, int ratePerSecond) {
        this.clients = List.copyOf(clients);
        for (URI uri : uris) {
            requests.add(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build());
        }
        this.intervalNanos = 1_000_000_000L / ratePerSecond;
        for (int i = 0; i < clients.size(); i++) {
            senders.add(Executors.newSingleThreadExecutor());
        }
        scheduler.setDaemon(true);
    }

    void start() {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        scheduler.start();
    }

    private void schedule() {
        long start = System.nanoTime();
        try {
            for (long i = 0; running.get(); i++) {
                long intended = start + i * intervalNanos;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (outstanding.get() > MAX_OUTSTANDING) {
                    skipped.incrementAndGet();
                    continue;
                }
                outstanding.incrementAndGet();
                int c = (int) (i % clients.size());
                HttpRequest request = requests.get((int) (i % requests.size()));
                senders.get(c).execute(() -> send(clients.get(c), request, intended));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(HttpClient client, HttpRequest request, long intended) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                answered.incrementAndGet();
                recorder.recordValue(Math.max(1, System.nanoTime() - intended));
            } else {
                failed.incrementAndGet();
                lastFailure = "HTTP " + response.statusCode();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed.incrementAndGet();
        } catch (IOException e) {
            failed.incrementAndGet();
            lastFailure = e.toString();
        } finally {
            outstanding.decrementAndGet();
        }
    }

    /** Lookups answered, failed and skipped since the last call, with the answered ones' latencies. */
    Window window() {
        return new Window(
                recorder.getIntervalHistogram(), answered.getAndSet(0), failed.getAndSet(0), skipped.getAndSet(0));
    }

    /** The last failure seen (status or exception), if any. */
    String lastFailure() {
        return lastFailure;
    }

    /** Stops sending; waits up to 15 s for the answers of requests already sent. */
    @Override
    public void close() {
        running.set(false);
        scheduler.interrupt();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try {
            scheduler.join(1000);
            while (outstanding.get() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            senders.forEach(ExecutorService::shutdownNow);
        }
    }
}
