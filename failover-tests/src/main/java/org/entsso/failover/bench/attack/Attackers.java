package org.entsso.failover.bench.attack;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;

/**
 * Keeps {@code n} attacking connections open against the targets until closed: slot {@code i} attacks target
 * {@code i % targets} with kind {@code (i / targets) % kinds}, so the kinds are spread evenly over the ports. Each slot
 * is one thread that opens its connection, sends its kind's bytes, and waits (reading with a 1 s timeout, which also
 * paces the one-byte-a-second kinds) until the server closes it or answers; then it opens the next one at once. A
 * connection that cannot be opened (refused, handshake failed) is retried after 100 ms. The slots start spread over
 * {@code ramp}, so that the server's deadlines do not drop them all in the same instant.
 *
 * <p>Thread-safe counters; {@link #close()} stops the slots, closing their connections (not counted as drops).
 */
final class Attackers implements Closeable {
    /** Where the attack goes: one TLS port and a body-reading path its certificate is admitted to. */
    record Target(String name, String host, int port, String postPath) {}

    private static final int PACE_MILLIS = 1000;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final long RETRY_MILLIS = 100;

    private final List<Target> targets;
    private final List<AttackKind> kinds;
    private final AttackerTls tls;
    private final InetAddress source;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong openedInWindow = new AtomicLong();
    private final AtomicLong droppedInWindow = new AtomicLong();
    private final Map<String, AttackTally> tallies = new LinkedHashMap<>();
    private final List<Thread> slots = new ArrayList<>();

    /**
     * Attackers of {@code targets} with connections of {@code kinds}, presenting {@code tls}'s client certificate where
     * they complete a handshake, from the local address {@code source} (null: the system's choice).
     */
    Attackers(List<Target> targets, List<AttackKind> kinds, AttackerTls tls, InetAddress source) {
        this.source = source;
        this.targets = List.copyOf(targets);
        this.kinds = List.copyOf(kinds);
        this.tls = tls;
        for (Target t : targets) {
            for (AttackKind k : kinds) {
                tallies.put(key(k, t), new AttackTally(k, t.name()));
            }
        }
    }

    private static String key(AttackKind kind, Target target) {
        return target.name() + '/' + kind.label();
    }

    /** Starts {@code connections} slots, their first connections spread over {@code rampMillis}. */
    void start(int connections, long rampMillis) {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("the attack is already running");
        }
        for (int i = 0; i < connections; i++) {
            Target target = targets.get(i % targets.size());
            AttackKind kind = kinds.get((i / targets.size()) % kinds.size());
            long delay = rampMillis * i / connections;
            // A small stack: 500 threads that mostly wait in read().
            Thread t = new Thread(null, () -> slot(kind, target, delay), "attacker-" + i, 256 * 1024);
            t.setDaemon(true);
            slots.add(t);
        }
        slots.forEach(Thread::start);
    }

    private void slot(AttackKind kind, Target target, long delayMillis) {
        AttackTally tally = tallies.get(key(kind, target));
        byte[] script = kind.script(target.postPath());
        try {
            TimeUnit.MILLISECONDS.sleep(delayMillis);
            while (running.get()) {
                attackOnce(kind, target, script, tally);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void attackOnce(AttackKind kind, Target target, byte[] script, AttackTally tally)
            throws InterruptedException {
        long connectedAt = 0;
        boolean handshaking = false;
        try (Socket socket = new Socket()) {
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(new InetSocketAddress(target.host(), target.port()), CONNECT_TIMEOUT_MILLIS);
            connectedAt = System.nanoTime();
            open.incrementAndGet();
            Socket stream = socket;
            if (kind.tls()) {
                handshaking = true;
                SSLSocket ssl = (SSLSocket) tls.fresh().createSocket(socket, target.host(), target.port(), true);
                ssl.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
                ssl.startHandshake();
                handshaking = false;
                tally.handshake(System.nanoTime() - connectedAt);
                stream = ssl;
            }
            tally.opened();
            openedInWindow.incrementAndGet();
            int status = hold(kind, stream, script);
            if (status >= 0) {
                droppedInWindow.incrementAndGet();
                tally.endedByServer(status, System.nanoTime() - connectedAt);
            }
        } catch (IOException e) {
            if (!running.get()) {
                return; // closed by the end of the attack
            }
            if (connectedAt == 0 || handshaking) {
                tally.openFailed(e); // refused, or a handshake the server did not finish
                TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
            } else {
                // Reset while we wrote or read: the server closed it.
                droppedInWindow.incrementAndGet();
                tally.endedByServer(0, System.nanoTime() - connectedAt);
            }
        } finally {
            if (connectedAt != 0) {
                open.decrementAndGet();
            }
        }
    }

    /**
     * Sends the script's first bytes, then (if the kind trickles) one more a second, and waits for the server: returns
     * the HTTP status it answered with, 0 when it closed without an answer, -1 when the attack ended first.
     */
    private int hold(AttackKind kind, Socket socket, byte[] script) throws IOException {
        socket.setSoTimeout(PACE_MILLIS);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        int sent = kind.initialBytes(script);
        out.write(script, 0, sent);
        out.flush();
        while (running.get()) {
            if (kind.trickles() && sent < script.length) {
                out.write(script[sent++]);
                out.flush();
            }
            try {
                int first = in.read();
                return first == -1 ? 0 : statusOf(first, in);
            } catch (SocketTimeoutException e) {
                // nothing from the server within the pace: still held open; send the next byte
            }
        }
        return -1;
    }

    /** The status code of an HTTP answer whose first byte was {@code first}; 0 if it is not one (a TLS alert). */
    private static int statusOf(int first, InputStream in) throws IOException {
        StringBuilder line = new StringBuilder().append((char) first);
        for (int c = in.read(); c != -1 && c != '\r' && line.length() < 64; c = in.read()) {
            line.append((char) c);
        }
        String[] parts = line.toString().split(" ");
        if (parts.length >= 2 && parts[0].startsWith("HTTP/")) {
            try {
                return Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** Connections open now (TCP connected, not yet closed by either side). */
    int open() {
        return open.get();
    }

    /** Connections opened since the last call (handshake done for the TLS kinds). */
    long openedSinceLast() {
        return openedInWindow.getAndSet(0);
    }

    /** Connections the server ended (closed or answered) since the last call. */
    long droppedSinceLast() {
        return droppedInWindow.getAndSet(0);
    }

    /** The counters by target and kind, in a stable order. */
    List<AttackTally> tallies() {
        return List.copyOf(tallies.values());
    }

    /** Stops every slot and closes its connection; waits up to 5 s for the threads. Idempotent. */
    @Override
    public void close() {
        running.set(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : slots) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
