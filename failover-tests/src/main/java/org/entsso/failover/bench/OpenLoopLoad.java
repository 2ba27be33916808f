package org.entsso.failover.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The open-loop HTTPS load of the lookup benchmarks (issue 10): requests are sent at a fixed arrival rate by one
 * scheduler thread, whatever the answers do, and each latency is measured from its intended send time (so a stall
 * counts against every request it delays: no coordinated omission), into an HdrHistogram. Requests are spread round
 * robin over several HTTP/1.1 clients with kept-alive connections.
 *
 * <p>Each client is one thread that sends with the blocking {@code HttpClient.send} on its own connection, fed by a
 * queue: a request that waits for its client counts that wait in its latency. Not {@code sendAsync}: on a machine with
 * fewer than three cores the JDK client completes every asynchronous answer on a new thread (CompletableFuture's
 * default executor when the common pool has parallelism 1), which costs the load generator more than the server, and
 * lets the client open a new TLS connection for every request that finds all connections busy.
 *
 * <p>Not thread-safe: one run at a time.
 */
final class OpenLoopLoad {
    /** A rate is sustained when this share of its requests is answered within the run, none fails, ... */
    private static final double SUSTAINED_SHARE = 0.95;
    /** ... and p99 is at most this. */
    private static final double SUSTAINED_P99_MS = 100;

    private final List<HttpClient> clients;

    OpenLoopLoad(List<HttpClient> clients) {
        this.clients = List.copyOf(clients);
    }

    /** A GET of {@code uri} with the benchmarks' 10 s timeout. */
    static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
    }

    /** A POST of a JSON {@code body} to {@code uri} with the benchmarks' 10 s timeout. */
    static HttpRequest post(URI uri, byte[] body) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    /** What one run measured: latencies of the answered (200) requests, and the counts. */
    record Result(Histogram histogram, long answered, long failed, int seconds) {
        double answeredPerSecond() {
            return answered / (double) seconds;
        }

        /** The latency at {@code percentile}, in milliseconds. */
        double ms(double percentile) {
            return histogram.getValueAtPercentile(percentile) / 1e6;
        }

        boolean sustained(int rate) {
            return answeredPerSecond() >= SUSTAINED_SHARE * rate && ms(99) <= SUSTAINED_P99_MS && failed == 0;
        }
    }

    /**
     * The highest sustained rate: from {@code firstRate}, rates rise by half in {@code seconds} steps until the
     * answered rate falls under 95% of the offered one, p99 passes 100 ms, or a request fails. Prints a line per step
     * (see {@link #printStepHeader}); returns 0 when the first step is not sustained.
     */
    int maximum(String name, LongFunction<HttpRequest> requests, int firstRate, int seconds)
            throws InterruptedException {
        int best = 0;
        TimeUnit.SECONDS.sleep(2); // after the previous run's overloaded last step
        for (int rate = firstRate; rate <= 64_000; rate = rate * 3 / 2) {
            Result r = run(requests, rate, seconds);
            System.out.printf(
                    Locale.ROOT,
                    "%-8s %10d %10.0f %10.2f %10d%n",
                    name,
                    rate,
                    r.answeredPerSecond(),
                    r.ms(99),
                    r.failed());
            if (!r.sustained(rate)) {
                break;
            }
            best = rate;
            TimeUnit.SECONDS.sleep(1); // let queues and the collector settle between steps
        }
        return best;
    }

    static void printStepHeader() {
        System.out.printf(
                Locale.ROOT, "%-8s %10s %10s %10s %10s%n", "endpoint", "offered/s", "answered/s", "p99 ms", "failed");
    }

    /**
     * Offers {@code rate} requests a second for {@code seconds}, request {@code i} being {@code requests.apply(i)}
     * (called on the sending client's thread), spread round robin over the clients; waits for the answers.
     */
    Result run(LongFunction<HttpRequest> requests, int rate, int seconds) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        long total = (long) rate * seconds;
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 20_000_000L;
        List<ExecutorService> senders = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            senders.add(Executors.newSingleThreadExecutor());
        }
        try {
            for (long i = 0; i < total; i++) {
                long intended = start + i * intervalNanos;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (outstanding.get() > 20_000) { // the server fell far behind: count the rest as failed
                    failed.addAndGet(total - i);
                    break;
                }
                outstanding.incrementAndGet();
                long index = i;
                HttpClient client = clients.get((int) (i % clients.size()));
                senders.get((int) (i % clients.size())).execute(() -> {
                    try {
                        HttpResponse<byte[]> response =
                                client.send(requests.apply(index), HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() == 200) {
                            answered.incrementAndGet();
                            recorder.recordValue(Math.max(1, System.nanoTime() - intended));
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failed.incrementAndGet();
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } finally {
                        outstanding.decrementAndGet();
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (outstanding.get() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        } finally {
            senders.forEach(ExecutorService::shutdownNow);
        }
        return new Result(recorder.getIntervalHistogram(), answered.get(), failed.get(), seconds);
    }
}
