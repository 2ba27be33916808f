package org.entsso.sso.local;

import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.entsso.sso.SsoError;
import org.entsso.sso.client.NewApplication;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.client.SsoClientException;
import org.entsso.sso.client.SsoCredentials;

/**
 * What host instances do to a cluster while a drill breaks it: reader threads looking up credentials in a loop and a
 * writer setting them one after another, all through the client library (discovery, read failover, write retry
 * within the deadline with one request id per write). It counts every lookup and write, keeps the time of every
 * acknowledged write, and afterwards checks that each account holds the last value acknowledged for it.
 *
 * <p>Lifecycle: {@link #prepare()} once, then {@link #start()} / {@link #stop()} per round. Thread-safe counters.
 */
public final class Workload implements Closeable {
    /** One acknowledged write. */
    public record Ack(Instant startedAt, Instant at, String account, String value) {}

    private final SsoClient client;
    private final String application;
    private final List<String> accounts = new ArrayList<>();
    private final int readers;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong lookups = new AtomicLong();
    private final AtomicLong failedLookups = new AtomicLong();
    /** Lookups refused with 10515: the credentials were cached on no server while the database was unreachable. */
    private final AtomicLong notCachedLookups = new AtomicLong();

    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong totalFailedWrites = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<String> allFailures = new CopyOnWriteArrayList<>();
    /** In the order acknowledged (one writer); newest last, so searches for recent ones walk back from the end. */
    private final ConcurrentLinkedDeque<Ack> acks = new ConcurrentLinkedDeque<>();

    private final Map<String, String> lastAcked = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Bins bins = new Bins();
    private long sequence;

    /** A workload over {@code accountCount} accounts of {@code application}, with {@code readers} lookup threads. */
    public Workload(SsoClient client, String application, int accountCount, int readers) {
        this.client = client;
        this.application = application;
        this.readers = readers;
        for (int i = 1; i <= accountCount; i++) {
            accounts.add("LOCAL\\user" + i);
        }
    }

    /** Creates and enables the application and one mapping per account with a first credential. */
    public void prepare() {
        client.createApplication(
                NewApplication.withUserIdAndPassword(application, "LOCAL\\App Users", "LOCAL\\App Admins"));
        client.enableApplication(application);
        for (String account : accounts) {
            client.createMapping(application, account, "ext-" + account.substring(account.indexOf('\\') + 1));
            write(account);
        }
    }

    /** Starts the readers and the writer. */
    public void start() {
        start(true);
    }

    /** Starts the readers, and the writer when {@code writes}. */
    public void start(boolean writes) {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("already running");
        }
        for (int i = 0; i < readers; i++) {
            int offset = i;
            threads.add(new Thread(() -> readLoop(offset), "workload-reader-" + i));
        }
        if (writes) {
            threads.add(new Thread(this::writeLoop, "workload-writer"));
        }
        threads.forEach(Thread::start);
    }

    /** Stops the threads, waiting for the write in progress to finish (at most the client's write deadline). */
    public void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        threads.clear();
    }

    private void readLoop(int offset) {
        int i = offset;
        while (running.get()) {
            String account = accounts.get(i++ % accounts.size());
            lookups.incrementAndGet();
            long began = System.nanoTime();
            try (SsoCredentials c = client.getCredentials(application, account)) {
                c.field(1);
                bins.record(false, System.nanoTime() - began, true);
            } catch (RuntimeException e) {
                bins.record(false, System.nanoTime() - began, false);
                failedLookups.incrementAndGet();
                if (e instanceof SsoClientException refused && refused.code() == SsoError.DATABASE_UNAVAILABLE.code()) {
                    notCachedLookups.incrementAndGet();
                }
                failed(Instant.now() + " lookup " + account + ": " + e.getMessage());
            }
        }
    }

    private void failed(String description) {
        failures.add(description);
        allFailures.add(description);
    }

    private void writeLoop() {
        int i = 0;
        while (running.get()) {
            String account = accounts.get(i++ % accounts.size());
            long began = System.nanoTime();
            try {
                write(account);
                bins.record(true, System.nanoTime() - began, true);
            } catch (SsoClientException e) {
                bins.record(true, System.nanoTime() - began, false);
                failedWrites.incrementAndGet();
                totalFailedWrites.incrementAndGet();
                failed(Instant.now() + " write " + account + ": " + e.getMessage());
            }
        }
    }

    private void write(String account) {
        String value = "v" + (++sequence) + "-" + account.hashCode();
        Instant started = Instant.now();
        client.setCredentials(application, account, Map.of(1, value.toCharArray()));
        Instant at = Instant.now();
        acks.add(new Ack(started, at, account, value));
        lastAcked.put(account, value);
    }

    /** The first write acknowledged after {@code t}. */
    public Optional<Ack> firstAckAfter(Instant t) {
        Ack first = null;
        for (Iterator<Ack> it = acks.descendingIterator(); it.hasNext(); ) {
            Ack a = it.next();
            if (!a.at().isAfter(t)) {
                break;
            }
            first = a;
        }
        return Optional.ofNullable(first);
    }

    /**
     * Reads every account's credential with the cache bypassed and returns the accounts whose stored value is not the
     * last one acknowledged for them (empty: every acknowledged write is there).
     */
    public List<String> missingAcknowledgedWrites() {
        List<String> wrong = new ArrayList<>();
        for (String account : accounts) {
            String expected = lastAcked.get(account);
            try (SsoCredentials c = client.getCredentials(application, account, true)) {
                String stored = new String(c.field(1));
                if (!stored.equals(expected)) {
                    wrong.add(account + " holds " + stored + ", last acknowledged " + expected);
                }
            }
        }
        return wrong;
    }

    /**
     * The longest time between two consecutive acknowledgements from the last one before {@code from} up to
     * {@code to} (the pause a back-to-back writer saw in that window).
     */
    public Duration longestAckGap(Instant from, Instant to) {
        List<Instant> times = new ArrayList<>();
        for (Iterator<Ack> it = acks.descendingIterator(); it.hasNext(); ) {
            Instant at = it.next().at();
            times.add(0, at);
            if (at.isBefore(from)) {
                break; // the last one before the window is the start of the first gap
            }
        }
        Instant previous = null;
        Duration longest = Duration.ZERO;
        for (Instant t : times) {
            if (t.isAfter(to)) {
                break;
            }
            if (previous != null && t.isAfter(from)) {
                Duration gap = Duration.between(previous, t);
                if (gap.compareTo(longest) > 0) {
                    longest = gap;
                }
            }
            previous = t;
        }
        return longest;
    }

    /** Waits until a write begun after {@code t} (to any account) is acknowledged, or {@code timeout} passes. */
    public Optional<Ack> awaitAckBegunAfter(Instant t, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Ack first = null;
            for (Iterator<Ack> it = acks.descendingIterator(); it.hasNext(); ) {
                Ack a = it.next();
                if (!a.startedAt().isAfter(t)) {
                    break;
                }
                first = a;
            }
            if (first != null) {
                return Optional.of(first);
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    /** Waits until a write is acknowledged after {@code t}, or {@code timeout} passes. */
    public Optional<Ack> awaitAckAfter(Instant t, Duration timeout) throws InterruptedException {
        return awaitAckAfter(t, null, timeout);
    }

    /** Waits until a write to {@code account} (any account if null) begun after {@code t} is acknowledged. */
    public Optional<Ack> awaitAckAfter(Instant t, String account, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<Ack> ack = account == null
                    ? firstAckAfter(t)
                    : acks.stream()
                            .filter(a ->
                                    a.account().equals(account) && a.startedAt().isAfter(t))
                            .findFirst();
            if (ack.isPresent()) {
                return ack;
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    /** Lookups and writes per 100 ms bin, for the drill report. */
    Bins bins() {
        return bins;
    }

    public long lookups() {
        return lookups.get();
    }

    public long failedLookups() {
        return failedLookups.get();
    }

    /** Of {@link #failedLookups()}, those refused with 10515 (not cached while the database was unreachable). */
    public long notCachedLookups() {
        return notCachedLookups.get();
    }

    public long failedWrites() {
        return failedWrites.get();
    }

    /** Writes failed since the workload started (not reset by {@link #resetCounters()}). */
    public long totalFailedWrites() {
        return totalFailedWrites.get();
    }

    /** Writes acknowledged after {@code t}. */
    public long acknowledgedWritesSince(Instant t) {
        long n = 0;
        for (Iterator<Ack> it = acks.descendingIterator();
                it.hasNext() && it.next().at().isAfter(t); ) {
            n++;
        }
        return n;
    }

    public int acknowledgedWrites() {
        return acks.size();
    }

    /** The failed lookups and writes since the last {@link #resetCounters()}: time, account, error (no value). */
    public List<String> failures() {
        return Collections.unmodifiableList(failures);
    }

    /** Every failed lookup and write since the workload started, oldest first. */
    public List<String> allFailures() {
        return Collections.unmodifiableList(allFailures);
    }

    public List<String> accounts() {
        return Collections.unmodifiableList(accounts);
    }

    public SsoClient client() {
        return client;
    }

    public String application() {
        return application;
    }

    /** Zeroes the counters and {@link #failures()} for the next round (not the acknowledged values, not {@link #allFailures()}). */
    public void resetCounters() {
        lookups.set(0);
        failedLookups.set(0);
        notCachedLookups.set(0);
        failedWrites.set(0);
        failures.clear();
    }

    @Override
    public void close() {
        running.set(false);
        client.close();
    }
}
