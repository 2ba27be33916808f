package org.entsso.sso.transport.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.entsso.sso.transport.TlsSettings;

/**
 * Admits new connections per source address through a token bucket, before any TLS work: a connection from a source
 * that has used up its {@link TlsSettings.HandshakeRate} is closed as soon as it is accepted, so one source cannot make
 * the server compute mutual-TLS handshakes (about 4-5 ms of CPU each) faster than the rate allows. Connections already
 * open are never touched; a well-behaved client that keeps its connections alive needs a handshake only now and then.
 * Refusals are counted ({@code entsso_http_refused_total{reason="handshake_rate"}}) and logged at most once per 10 s.
 * Thread-safe.
 */
final class HandshakeAdmission implements Connection.Listener {
    private static final Logger LOG = LogManager.getLogger(HandshakeAdmission.class);
    /** Above this many sources remembered, buckets that have filled up again are forgotten (at most once a second). */
    private static final int SWEEP_ABOVE = 10_000;

    private final double tokensPerNano;
    private final double burst;
    private final Map<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong(System.nanoTime());
    private final HttpMeters meters;
    private final RateLimitedLog refusals =
            new RateLimitedLog(LOG, "connections closed before their handshake: the source opened more than allowed");

    HandshakeAdmission(TlsSettings.HandshakeRate rate, HttpMeters meters) {
        this.tokensPerNano = rate.perSecond() / 1e9;
        this.burst = rate.burst();
        this.meters = meters;
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof SslConnection ssl)) {
            return;
        }
        EndPoint network = ssl.getEndPoint();
        SocketAddress remote = network.getRemoteSocketAddress();
        if (!(remote instanceof InetSocketAddress address) || address.getAddress() == null) {
            return;
        }
        if (!admit(address.getAddress(), System.nanoTime())) {
            meters.refused("handshake_rate");
            refusals.record(address.getAddress().getHostAddress());
            network.close();
        }
    }

    /** Takes a token of {@code source}'s bucket at {@code now} (nanoTime); false when there is none. */
    boolean admit(InetAddress source, long now) {
        sweep(now);
        return buckets.computeIfAbsent(source, s -> new Bucket(burst, now)).take(now, tokensPerNano, burst);
    }

    private void sweep(long now) {
        long due = nextSweep.get();
        if (buckets.size() <= SWEEP_ABOVE || now - due < 0 || !nextSweep.compareAndSet(due, now + 1_000_000_000L)) {
            return;
        }
        buckets.values().removeIf(b -> b.fullAt(now, tokensPerNano, burst));
    }

    /** One source's tokens. */
    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized boolean take(long now, double perNano, double burst) {
            refill(now, perNano, burst);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized boolean fullAt(long now, double perNano, double burst) {
            refill(now, perNano, burst);
            return tokens >= burst;
        }

        private void refill(long now, double perNano, double burst) {
            long elapsed = now - updated;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + elapsed * perNano);
                updated = now;
            }
        }
    }
}
