package org.entsso.sso.transport.internal;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection that has not brought a request to the dispatcher within the deadline of its accept: a client
 * that stalls its TLS handshake or sends its headers a byte at a time holds a connection slot for at most that long
 * (Jetty's idle timeout alone would let it stay as long as it sends one byte per idle period). Thread-safe.
 */
final class FirstRequestDeadline implements Connection.Listener {
    private static final Logger LOG = LogManager.getLogger(FirstRequestDeadline.class);

    private final Connector connector;
    private final long deadlineMillis;
    /**
     * Keyed by the client's address and port, which name one TCP connection on this listener and are what a request
     * reports over HTTP/1.1 and HTTP/2 alike.
     */
    private final Map<SocketAddress, Scheduler.Task> pending = new ConcurrentHashMap<>();

    private final RateLimitedLog dropped =
            new RateLimitedLog(LOG, "connections dropped that brought no request within the handshake timeout");

    private final HttpMeters meters;

    FirstRequestDeadline(Connector connector, Duration deadline, HttpMeters meters) {
        this.connector = connector;
        this.meters = meters;
        this.deadlineMillis = deadline.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof SslConnection ssl)) {
            return;
        }
        EndPoint network = ssl.getEndPoint();
        SocketAddress client = network.getRemoteSocketAddress();
        if (client == null) {
            return; // closed already
        }
        AtomicReference<Scheduler.Task> self = new AtomicReference<>();
        Scheduler.Task task = connector
                .getScheduler()
                .schedule(
                        () -> {
                            if (pending.remove(client, self.get())) {
                                meters.dropped();
                                dropped.record(String.valueOf(client));
                                network.close();
                            }
                        },
                        deadlineMillis,
                        TimeUnit.MILLISECONDS);
        self.set(task);
        pending.put(client, task);
        // A closed connection reports no address any more: forget it by the one captured here, and only its own entry.
        ssl.addEventListener(new Connection.Listener() {
            @Override
            public void onClosed(Connection closed) {
                if (pending.remove(client, task)) {
                    task.cancel();
                }
            }
        });
    }

    /** The request's connection brought a request: its deadline no longer applies. */
    void reached(Request request) {
        SocketAddress client = request.getConnectionMetaData().getRemoteSocketAddress();
        Scheduler.Task task = client == null ? null : pending.remove(client);
        if (task != null) {
            task.cancel();
        }
    }

    /** How many connections were dropped in all. */
    long droppedTotal() {
        return dropped.total();
    }
}
