package org.entsso.sso.transport.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Joins every connection accepted on a listening socket to a second connection that a {@link Dialer} opens, and copies
 * bytes both ways until both directions are done: the engine of both ends of the SSO database's TLS tunnel.
 *
 * <p>Half-close is passed on: when one side ends its output (end of stream), the other side's output is shut down and
 * the opposite direction keeps flowing; an error on either side closes both at once. There is no idle timeout: pooled
 * database connections idle for minutes, and the database driver bounds its own reads ({@code NETWORK_TIMEOUT}); when
 * it gives up and closes its end, the pair is closed. The dialer bounds connect and handshake.
 *
 * <p>Threads: one acceptor, and two pooled platform threads per joined pair (one per direction), at most
 * {@code maxPairs} pairs at once; a connection beyond that is closed at once. Refusals (TLS handshakes that fail,
 * connections the dialer cannot open, connections over the limit) are logged at WARN, at most one line per kind every
 * 10 s with a count ({@link RateLimitedLog}).
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED: a second {@link #start()} is an {@link IllegalStateException};
 * {@link #close()} is idempotent and closes the listener and resets every open connection. Thread-safe.
 */
public final class Relay implements Closeable {
    private static final Logger LOG = LogManager.getLogger(Relay.class);
    private static final int BUFFER_BYTES = 16 * 1024;

    /** Completes one accepted connection and opens the connection it is joined to. */
    public interface Dialer {
        /**
         * Returns the two sockets to join: {@code accepted} itself or a TLS socket over it with its handshake done,
         * and the connection opened for it.
         *
         * @throws IOException to drop the connection ({@link SSLException}: a refused handshake); the message is logged
         */
        Pair dial(Socket accepted) throws IOException;
    }

    /**
     * The two ends of one relayed connection.
     *
     * @param accepted the accepted side (possibly a TLS socket layered over the accepted socket)
     * @param dialed the side the dialer opened
     */
    public record Pair(Socket accepted, Socket dialed) {
        public Pair {
            Objects.requireNonNull(accepted, "accepted");
            Objects.requireNonNull(dialed, "dialed");
        }
    }

    private enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    private final String name;
    private final ServerSocket listener;
    private final Dialer dialer;
    private final int maxPairs;
    private final Semaphore pairs;
    private final ThreadPoolExecutor pool;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final AtomicReference<IOException> lastFailure = new AtomicReference<>();
    private final RateLimitedLog refusedHandshakes;
    private final RateLimitedLog failedDials;
    private final RateLimitedLog overLimit;
    private final Thread acceptor;

    /**
     * @param name names the threads and log lines, e.g. {@code sso-db-tunnel}
     * @param listener a bound listening socket; the relay owns it from now on
     * @param maxPairs the most connections relayed at once (two threads each)
     * @param dialer opens the other side of each connection
     * @param log where refusals are logged
     * @param handshakeRefusals what a refused handshake is, for the log, e.g. "TLS handshakes refused on port 9093"
     * @param dialFailures what a failed dial is, for the log
     */
    public Relay(
            String name,
            ServerSocket listener,
            int maxPairs,
            Dialer dialer,
            Logger log,
            String handshakeRefusals,
            String dialFailures) {
        if (maxPairs < 1) {
            throw new IllegalArgumentException("maxPairs must be at least 1");
        }
        this.name = Objects.requireNonNull(name, "name");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.maxPairs = maxPairs;
        this.pairs = new Semaphore(maxPairs);
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(2, 2 * maxPairs, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.refusedHandshakes = new RateLimitedLog(log, handshakeRefusals);
        this.failedDials = new RateLimitedLog(log, dialFailures);
        this.overLimit = new RateLimitedLog(log, name + ": connections closed at the limit of " + maxPairs);
        this.acceptor = new Thread(this::acceptLoop, name + "-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Runs a TLS handshake step, reporting any I/O failure in it as an {@link SSLException}, so that a peer that
     * hangs up mid-handshake (often: it refused our certificate) is logged as a refused handshake, not as a failure
     * to reach the other side.
     */
    public static void handshake(HandshakeStep step) throws SSLException {
        try {
            step.run();
        } catch (SSLException e) {
            throw e;
        } catch (IOException e) {
            throw new SSLException("the TLS handshake did not complete: " + e, e);
        }
    }

    /** One step of a TLS handshake. */
    public interface HandshakeStep {
        void run() throws IOException;
    }

    /** Starts accepting. */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Cannot start a relay that is " + state.get());
        }
        acceptor.start();
    }

    /** The latest failure to open or complete a connection, if any: the cause of a connection the relay dropped. */
    public Optional<IOException> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    /** The listening socket's address. */
    public SocketAddress localAddress() {
        return listener.getLocalSocketAddress();
    }

    /** How many connections are relayed now. */
    public int activePairs() {
        return maxPairs - pairs.availablePermits();
    }

    /** Stops accepting and closes every relayed connection. Idempotent. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        closeQuietly(listener);
        // Plain sockets first, reset (linger 0): every relayed connection ends at once, both ways. A polite close of a
        // TLS socket first would let a pump read its end of stream and pass it on as a half-close, and the far end
        // could
        // still answer through the other direction before that closed too.
        List<Socket> sockets = List.copyOf(open);
        for (Socket socket : sockets) {
            if (!(socket instanceof SSLSocket)) {
                abort(socket);
            }
        }
        sockets.forEach(Relay::closeQuietly);
        pool.shutdownNow();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (state.get() == State.STARTED) {
            Socket accepted;
            try {
                accepted = listener.accept();
            } catch (IOException e) {
                if (state.get() == State.STARTED) {
                    failedDials.record(name + ": accept failed: " + e.getMessage());
                    continue;
                }
                return; // closed
            }
            if (!pairs.tryAcquire()) {
                overLimit.record(String.valueOf(accepted.getRemoteSocketAddress()));
                closeQuietly(accepted);
                continue;
            }
            track(accepted);
            try {
                pool.execute(() -> relay(accepted));
            } catch (RejectedExecutionException e) { // closed meanwhile
                forget(accepted);
                pairs.release();
            }
        }
    }

    private void relay(Socket accepted) {
        SocketAddress peer = accepted.getRemoteSocketAddress();
        Pair pair;
        try {
            pair = dialer.dial(accepted);
        } catch (IOException e) {
            lastFailure.set(e);
            if (e instanceof SSLException) {
                refusedHandshakes.record(peer + ": " + e.getMessage());
            } else {
                failedDials.record("for " + peer + ": " + e);
            }
            forget(accepted);
            pairs.release();
            return;
        }
        track(pair.accepted());
        track(pair.dialed());
        AtomicInteger directions = new AtomicInteger(2);
        Runnable done = () -> {
            if (directions.decrementAndGet() == 0) {
                forget(pair.dialed());
                forget(pair.accepted());
                forget(accepted);
                pairs.release();
            }
        };
        try {
            pool.execute(() -> pump(pair.dialed(), pair.accepted(), done, peer));
        } catch (RejectedExecutionException e) { // closed meanwhile
            closeQuietly(pair.accepted());
            closeQuietly(pair.dialed());
            done.run();
        }
        pump(pair.accepted(), pair.dialed(), done, peer);
    }

    /**
     * Copies {@code from} to {@code to} until end of stream (then shuts {@code to}'s output) or an error. A TLS alert
     * read here is a refusal too: in TLS 1.3 a client's handshake completes before the server has checked its
     * certificate, so a client learns of its refusal on its first read.
     */
    private void pump(Socket from, Socket to, Runnable done, SocketAddress peer) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            if (!to.isClosed()) {
                to.shutdownOutput();
            }
        } catch (IOException e) {
            // One side broke or was closed: end the pair at once, so the other direction's read ends too.
            closeQuietly(from);
            closeQuietly(to);
            if (e instanceof SSLException && state.get() == State.STARTED) {
                lastFailure.set(e);
                refusedHandshakes.record(peer + ": " + e.getMessage());
            }
        } finally {
            done.run();
        }
    }

    private void track(Socket socket) {
        open.add(socket);
        if (state.get() == State.CLOSED) {
            closeQuietly(socket);
        }
    }

    private void forget(Socket socket) {
        closeQuietly(socket);
        open.remove(socket);
    }

    private static void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            LOG.debug("could not reset {} (already closed): {}", socket, e.toString());
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed (already broken): {}", c, e.toString());
        }
    }

    @Override
    public String toString() {
        return "Relay[" + name + ", " + listener.getLocalSocketAddress() + ", " + state.get() + "]";
    }
}
