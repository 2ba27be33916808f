package org.entsso.failover.bench.attack;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.client.SsoClientException;

/**
 * Encrypting writes at a fixed rate through the client library ({@code SsoClient.setCredentials}: an SSO server
 * forwards each to the master secret server, the client retries within its write deadline), each on a thread of a
 * small pool so a slow one does not hold the next back. Counts acknowledged and failed writes, with latencies from the
 * intended start. Thread-safe.
 */
final class PacedWrites implements Closeable {
    /** What a window of the run saw. Latencies in nanoseconds. */
    record Window(Histogram latencies, long acknowledged, long failed) {}

    private final SsoClient client;
    private final String application;
    private final List<String> accounts;
    private final long periodNanos;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService writers = Executors.newFixedThreadPool(8);
    private final Recorder recorder = new Recorder(3);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private volatile long start;
    private volatile String lastFailure;

    PacedWrites(SsoClient client, String application, List<String> accounts, int ratePerSecond) {
        this.client = client;
        this.application = application;
        this.accounts = List.copyOf(accounts);
        this.periodNanos = 1_000_000_000L / ratePerSecond;
    }

    void start() {
        start = System.nanoTime();
        ticks.scheduleAtFixedRate(
                () -> {
                    long n = sequence.getAndIncrement();
                    long intended = start + n * periodNanos;
                    writers.execute(() -> write(n, intended));
                },
                0,
                periodNanos,
                TimeUnit.NANOSECONDS);
    }

    private void write(long n, long intended) {
        String account = accounts.get((int) (n % accounts.size()));
        try {
            client.setCredentials(application, account, Map.of(1, ("w" + n).toCharArray()));
            acknowledged.incrementAndGet();
            recorder.recordValue(Math.max(1, System.nanoTime() - intended));
        } catch (SsoClientException e) {
            failed.incrementAndGet();
            lastFailure = e.getMessage();
        }
    }

    /** Writes acknowledged and failed since the last call. */
    Window window() {
        return new Window(recorder.getIntervalHistogram(), acknowledged.getAndSet(0), failed.getAndSet(0));
    }

    String lastFailure() {
        return lastFailure;
    }

    /** Stops issuing writes and waits for those in flight (each ends within the client's write deadline). */
    @Override
    public void close() {
        ticks.shutdownNow();
        writers.shutdown();
        try {
            if (!writers.awaitTermination(40, TimeUnit.SECONDS)) {
                writers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writers.shutdownNow();
        }
    }
}
