package org.entsso.cluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers a test starts. They are drawn at random from below the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768-60999 by default), not asked of the kernel with port 0: a port
 * from the ephemeral range is free when chosen, but the test's own outgoing connections (ZooKeeper, the database, HTTP
 * clients) draw their local ports from that same range before the server binds it, and one did ("could not listen
 * for metrics on 127.0.0.1:43075" in a fresh clone's suite). {@link #distinct} holds every probe socket open until all
 * ports are chosen, so the ports it returns differ from each other. Another process may still take one before the test
 * binds it (a listener, never an outgoing connection); that shows as a bind error.
 */
public final class FreePorts {
    /** The lowest port drawn: above the well-known and the usual registered service ports. */
    private static final int LOW = 10_000;

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private FreePorts() {}

    /** {@code count} different free loopback ports. */
    public static int[] distinct(int count) {
        int high = ephemeralLow();
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = high - LOW < 1_000 ? new ServerSocket(0, 1, loopback()) : below(high);
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("closing a probe socket failed", e);
                }
            }
        }
    }

    /** A socket bound to a free loopback port drawn at random from [{@link #LOW}, {@code high}). */
    private static ServerSocket below(int high) throws IOException {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, high);
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(loopback(), port), 1);
                return socket;
            } catch (IOException taken) {
                socket.close();
            }
        }
        throw new IOException("no free loopback port below " + high + " in 1000 attempts");
    }

    /** The first port of the kernel's ephemeral range; {@link #LOW} (draw from port 0) where it cannot be read. */
    private static int ephemeralLow() {
        try {
            String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return LOW;
        }
    }

    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
