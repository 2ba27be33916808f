package org.entsso.cluster.internal.log;

import java.io.Closeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.zookeeper.CreateMode;
import org.entsso.cluster.events.ClusterEvent;
import org.entsso.cluster.events.Component;
import org.entsso.cluster.events.EventId;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.internal.zk.ZkPaths;

/**
 * A node's cluster log: each event goes to Log4j (logger {@code org.entsso.cluster.log}) at once and to ZooKeeper
 * ({@code /events/<node>}) on a background thread, so a slow or lost connection never blocks the engine. Events
 * written while ZooKeeper is unreachable are retried, oldest first, up to a bound. Thread-safe.
 */
public final class ClusterLog implements Closeable {
    private static final Logger LOG = LogManager.getLogger("org.entsso.cluster.log");
    /** Events kept per node in ZooKeeper; older ones are pruned. */
    static final int KEEP = 2000;

    private final String node;
    private final Zk zk;
    private final ExecutorService writer;
    private final List<ClusterEvent> backlog = new ArrayList<>();
    private int written;

    public ClusterLog(String node, Zk zk) {
        this.node = node;
        this.zk = zk;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cluster-log-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    /** Records an event; returns it. */
    public ClusterEvent event(
            String level,
            Component component,
            EventId id,
            String kind,
            String group,
            String resource,
            long epoch,
            String message) {
        ClusterEvent event =
                new ClusterEvent(Instant.now(), node, level, component, id.id(), kind, group, resource, epoch, message);
        String line = "[" + component + "] " + message + (id.id() == 0 ? "" : " (" + id.id() + ")");
        switch (level) {
            case "ERR" -> LOG.error("{} {}", node, line);
            case "WARN" -> LOG.warn("{} {}", node, line);
            default -> LOG.info("{} {}", node, line);
        }
        if (!writer.isShutdown()) {
            writer.execute(() -> persist(event));
        }
        return event;
    }

    /** An INFO trace line for the resource control manager. */
    public void info(String kind, String group, String resource, long epoch, String message) {
        event("INFO", Component.RCM, EventId.INFO, kind, group, resource, epoch, message);
    }

    private void persist(ClusterEvent event) {
        backlog.add(event);
        try {
            while (!backlog.isEmpty()) {
                zk.create(
                        ZkPaths.events(node) + "/e-",
                        CreateMode.PERSISTENT_SEQUENTIAL,
                        Json.write(event(backlog.get(0))));
                backlog.remove(0);
                if (++written % 200 == 0) {
                    prune();
                }
            }
        } catch (RuntimeException e) {
            if (backlog.size() > KEEP) {
                backlog.subList(0, backlog.size() - KEEP).clear();
            }
        }
    }

    private static EventJson event(ClusterEvent e) {
        return new EventJson(
                e.time().toString(),
                e.node(),
                e.level(),
                e.component().name(),
                e.eventId(),
                e.kind(),
                e.group(),
                e.resource(),
                e.epoch(),
                e.message());
    }

    private void prune() {
        List<String> children = new ArrayList<>(zk.children(ZkPaths.events(node)));
        children.sort(Comparator.naturalOrder());
        for (int i = 0; i < children.size() - KEEP; i++) {
            zk.delete(ZkPaths.events(node) + "/" + children.get(i));
        }
    }

    /** Waits briefly for queued events to reach ZooKeeper, then stops the writer. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the kept events of one node, oldest first. */
    public static List<ClusterEvent> read(Zk zk, String node) {
        List<ClusterEvent> events = new ArrayList<>();
        List<String> children = new ArrayList<>(zk.children(ZkPaths.events(node)));
        children.sort(Comparator.naturalOrder());
        for (String child : children) {
            zk.readJson(ZkPaths.events(node) + "/" + child, EventJson.class).ifPresent(j -> events.add(j.toEvent()));
        }
        return events;
    }

    /** The JSON form of an event. */
    record EventJson(
            String time,
            String node,
            String level,
            String component,
            int eventId,
            String kind,
            String group,
            String resource,
            long epoch,
            String message) {
        ClusterEvent toEvent() {
            return new ClusterEvent(
                    Instant.parse(time),
                    node,
                    level,
                    Component.valueOf(component),
                    eventId,
                    kind,
                    group,
                    resource,
                    epoch,
                    message);
        }
    }
}
