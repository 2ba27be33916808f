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
import java.util.concurrent.locks.LockSupport;
import org.entsso.sso.SsoError;
import org.entsso.sso.client.NewApplication;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.client.SsoClientException;
import org.entsso.sso.client.SsoCredentials;

/**
 * What host instances do to a cluster while a drill breaks it: reader threads looking up credentials in a loop and a
 * writer setting them one after another. The workload is one identity (the client's
 * certificate, as a host instance is): it owns one mapping in each of {@code applicationCount} applications, since
 * nobody reads another account's credentials without its ticket. Lookups and writes go round the applications,
 * through the client library (discovery, read failover, write retry
 * within the deadline with one request id per write). It counts every lookup and write, keeps the time of every
 * acknowledged write, and afterwards checks that each mapping holds the last value acknowledged for it.
 *
 * <p>The readers either run back to back, as fast as the cluster answers, or keep a fixed schedule of {@code
 * lookupsPerSecond} between them (open loop): a lookup's latency is then counted from when the schedule said to send
 * it, so a stall shows in full in the percentiles instead of only as fewer lookups (coordinated omission).
 *
 * <p>Lifecycle: {@link #prepare()} once, then {@link #start()} / {@link #stop()} per round. Thread-safe counters.
 */
public final class Workload implements Closeable {
    /** One acknowledged write, to the workload's mapping in {@code application}. */
    public record Ack(Instant startedAt, Instant at, String application, String value) {}

    /** The application users group of the workload's applications. */
    public static final String USERS = "LOCAL\\App Users";

    private final SsoClient client;
    private final String prefix;
    private final List<String> applications = new ArrayList<>();
    private final int readers;
    /** Nanoseconds between one reader's scheduled lookups; 0 when the readers run back to back. */
    private final long readerIntervalNanos;

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

    /** A reader this far behind its schedule (a long stall) starts it again from now rather than send a burst. */
    private static final long MAX_BEHIND_NANOS = Duration.ofSeconds(1).toNanos();

    /**
     * A workload over the client's own mappings in {@code applicationCount} applications named {@code prefix-1} ...,
     * with {@code readers} lookup threads running back to back.
     */
    public Workload(SsoClient client, String prefix, int applicationCount, int readers) {
        this(client, prefix, applicationCount, readers, 0);
    }

    /**
     * As {@link #Workload(SsoClient, String, int, int)}, the readers keeping {@code lookupsPerSecond} between them
     * (positive; 0: back to back).
     */
    public Workload(SsoClient client, String prefix, int applicationCount, int readers, double lookupsPerSecond) {
        if (readers < 1 || lookupsPerSecond < 0 || Double.isNaN(lookupsPerSecond)) {
            throw new IllegalArgumentException("a workload needs at least one reader and a lookup rate of 0 or more");
        }
        this.client = client;
        this.prefix = prefix;
        this.readers = readers;
        this.readerIntervalNanos =
                lookupsPerSecond == 0 ? 0 : Math.max(1, Math.round(readers * 1e9 / lookupsPerSecond));
        for (int i = 1; i <= applicationCount; i++) {
            applications.add(prefix + "-" + i);
        }
    }

    /**
     * Creates and enables the applications and the client's mapping in each, with a first credential; the client
     * joins {@value #USERS} first, since only an application user is mapped (ENTSSO 10853).
     */
    public void prepare() {
        client.addGroupMember(USERS, client.principal());
        for (String application : applications) {
            client.createApplication(NewApplication.withUserIdAndPassword(application, USERS, "LOCAL\\App Admins"));
            client.enableApplication(application);
            client.createMapping(application, client.principal(), "ext-" + application);
            write(application);
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
        // The readers' schedules are staggered evenly, so that together they send at the rate asked for.
        long next = System.nanoTime() + readerIntervalNanos * offset / readers;
        while (running.get()) {
            long began = System.nanoTime();
            if (readerIntervalNanos > 0) {
                while (next - began > 0 && running.get()) {
                    LockSupport.parkNanos(next - began);
                    began = System.nanoTime();
                }
                if (began - next > MAX_BEHIND_NANOS) {
                    next = began;
                }
                if (!running.get()) {
                    break;
                }
                began = next; // counted from the scheduled time (see the class comment)
                next += readerIntervalNanos;
            }
            String application = applications.get(i++ % applications.size());
            lookups.incrementAndGet();
            try (SsoCredentials c = client.getCredentials(application)) {
                c.field(1);
                bins.record(false, System.nanoTime() - began, true);
            } catch (RuntimeException e) {
                bins.record(false, System.nanoTime() - began, false);
                failedLookups.incrementAndGet();
                if (e instanceof SsoClientException refused && refused.code() == SsoError.DATABASE_UNAVAILABLE.code()) {
                    notCachedLookups.incrementAndGet();
                }
                failed(Instant.now() + " lookup " + application + ": " + e.getMessage());
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
            String application = applications.get(i++ % applications.size());
            long began = System.nanoTime();
            try {
                write(application);
                bins.record(true, System.nanoTime() - began, true);
            } catch (SsoClientException e) {
                bins.record(true, System.nanoTime() - began, false);
                failedWrites.incrementAndGet();
                totalFailedWrites.incrementAndGet();
                failed(Instant.now() + " write " + application + ": " + e.getMessage());
            }
        }
    }

    private void write(String application) {
        String value = "v" + (++sequence) + "-" + application.hashCode();
        Instant started = Instant.now();
        client.setCredentials(application, client.principal(), Map.of(1, value.toCharArray()));
        Instant at = Instant.now();
        acks.add(new Ack(started, at, application, value));
        lastAcked.put(application, value);
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
     * Reads the credential of every application with the cache bypassed and returns those whose stored value is not
     * the last one acknowledged for them (empty: every acknowledged write is there).
     */
    public List<String> missingAcknowledgedWrites() {
        List<String> wrong = new ArrayList<>();
        for (String application : applications) {
            String expected = lastAcked.get(application);
            try (SsoCredentials c = client.getCredentials(application, true)) {
                String stored = new String(c.field(1));
                if (!stored.equals(expected)) {
                    wrong.add(application + " holds " + stored + ", last acknowledged " + expected);
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

    /** Waits until a write begun after {@code t} (to any application) is acknowledged, or {@code timeout} passes. */
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

    /** Waits until a write to {@code application} (any if null) begun after {@code t} is acknowledged. */
    public Optional<Ack> awaitAckAfter(Instant t, String application, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<Ack> ack = application == null
                    ? firstAckAfter(t)
                    : acks.stream()
                            .filter(a -> a.application().equals(application)
                                    && a.startedAt().isAfter(t))
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

    /** The failed lookups and writes since the last {@link #resetCounters()}: time, application, error (no value). */
    public List<String> failures() {
        return Collections.unmodifiableList(failures);
    }

    /** Every failed lookup and write since the workload started, oldest first. */
    public List<String> allFailures() {
        return Collections.unmodifiableList(allFailures);
    }

    /** The applications the workload reads and writes its own mapping in. */
    public List<String> applications() {
        return Collections.unmodifiableList(applications);
    }

    public SsoClient client() {
        return client;
    }

    /** The prefix of the applications' names. */
    public String prefix() {
        return prefix;
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
