package org.entsso.failover.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;

/**
 * The CPU one full mutual-TLS 1.3 handshake costs each side, with the contexts a node and a client use (the cluster
 * CA's P-256 certificates): an {@link SSLEngine} pair exchanging records in memory on one thread, so that nothing but
 * the handshake is measured; a new client context each time, so that nothing is resumed. Prints, per round, the server's
 * and the client's CPU per handshake (thread CPU time of the steps each engine took).
 *
 * <p>Run: {@code java -cp failover-tests/target/benchmarks.jar org.entsso.failover.bench.HandshakeCostBenchmark
 * [handshakes=300] [rounds=4]} (see failover-tests/BENCHMARKS.md, "Under attack").
 */
public final class HandshakeCostBenchmark {
    private static final int BUFFER = 1 << 16;

    private HandshakeCostBenchmark() {}

    public static void main(String[] args) throws Exception {
        int handshakes = Integer.parseInt(arg(args, "handshakes", "300"));
        int rounds = Integer.parseInt(arg(args, "rounds", "4"));
        ClusterCa ca = ClusterCa.create("handshake-cost");
        TlsMaterial node = TlsMaterial.of(
                ca.issueNode("node1", "127.0.0.1", Set.of(NodeRole.MASTER_SECRET_SERVER, NodeRole.SSO_SERVER)),
                ca.certificate());
        TlsMaterial client = TlsMaterial.of(ca.issueAdmin("LOCAL\\bench"), ca.certificate());
        SSLContext server = node.serverContext();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            long serverNanos = 0;
            long clientNanos = 0;
            for (int i = 0; i < handshakes; i++) {
                SSLEngine s = server.createSSLEngine();
                s.setUseClientMode(false);
                s.setNeedClientAuth(true);
                SSLEngine c =
                        client.clientContext(NodeRole.MASTER_SECRET_SERVER).createSSLEngine("127.0.0.1", 1);
                c.setUseClientMode(true);
                long[] cpu = handshake(c, s, threads);
                clientNanos += cpu[0];
                serverNanos += cpu[1];
            }
            System.out.printf(
                    Locale.ROOT,
                    "round %d: %d full handshakes; CPU per handshake: server %.2f ms, client %.2f ms%n",
                    round,
                    handshakes,
                    serverNanos / 1e6 / handshakes,
                    clientNanos / 1e6 / handshakes);
        }
    }

    /** Runs both engines to the end of the handshake; returns {client CPU, server CPU} in nanoseconds. */
    private static long[] handshake(SSLEngine client, SSLEngine server, ThreadMXBean threads) throws SSLException {
        ByteBuffer toServer = ByteBuffer.allocate(BUFFER);
        ByteBuffer toClient = ByteBuffer.allocate(BUFFER);
        ByteBuffer app = ByteBuffer.allocate(BUFFER);
        client.beginHandshake();
        server.beginHandshake();
        long clientNanos = 0;
        long serverNanos = 0;
        for (int turn = 0; turn < 100 && !(done(client) && done(server)); turn++) {
            long t0 = threads.getCurrentThreadCpuTime();
            step(client, toServer, toClient, app);
            long t1 = threads.getCurrentThreadCpuTime();
            step(server, toClient, toServer, app);
            long t2 = threads.getCurrentThreadCpuTime();
            clientNanos += t1 - t0;
            serverNanos += t2 - t1;
        }
        if (!done(client) || !done(server)) {
            throw new IllegalStateException("the handshake did not finish");
        }
        return new long[] {clientNanos, serverNanos};
    }

    private static boolean done(SSLEngine engine) {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    /** Lets {@code engine} do what it can: run its tasks, write into {@code out}, read from {@code in}. */
    private static void step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws SSLException {
        ByteBuffer nothing = ByteBuffer.allocate(0);
        for (int k = 0; k < 20; k++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                    task.run();
                }
            } else if (status == HandshakeStatus.NEED_WRAP) {
                engine.wrap(nothing, out);
            } else if (status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                in.flip();
                var result = engine.unwrap(in, app);
                in.compact();
                app.clear();
                if (result.getStatus() == Status.BUFFER_UNDERFLOW
                        || result.bytesConsumed() == 0 && result.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                    return; // waits for the peer
                }
            } else {
                return;
            }
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return arg.substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
