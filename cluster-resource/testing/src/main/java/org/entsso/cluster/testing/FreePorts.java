package org.entsso.cluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free loopback ports for servers a test starts. Asking for them one at a time (bind to port 0, close, repeat) can
 * return the same port twice, since each probe socket is closed before the next is opened; {@link #distinct} holds
 * every probe socket open until all ports are chosen, so the ports it returns differ from each other. Another process
 * may still take one before the test binds it; that is rare on a test machine and shows as a bind error, not as two
 * of our own servers on one port.
 */
public final class FreePorts {
    private FreePorts() {}

    /** {@code count} different free loopback ports. */
    public static int[] distinct(int count) {
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
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
}
