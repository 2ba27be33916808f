package org.entsso.cluster.internal.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.recipes.watch.PersistentWatcher;
import org.apache.zookeeper.CreateMode;
import org.entsso.cluster.ClusterUnavailableException;
import org.entsso.cluster.events.Component;
import org.entsso.cluster.events.EventId;
import org.entsso.cluster.group.AutoFailbackType;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.internal.rcm.GroupController;
import org.entsso.cluster.internal.rcm.QueuedRequest;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.node.FailbackMode;

/**
 * Node commands, carried out by the node they name on its node-manager thread: {@code Suspend-ClusterNode [-Drain]
 * [-ForceDrain]} and {@code Resume-ClusterNode -Failback} (anchors/wsfc.md §3.2).
 */
final class NodeRequests {
    private NodeRequests() {}

    /**
     * Watches the node's request queue with one persistent watch for the node's lifetime; the caller closes it. A
     * one-shot watch re-armed on every policy tick piled up watchers (issue 9 item 2). After a reconnect the watch is
     * re-registered and the queue read again, so nothing polls it.
     */
    static PersistentWatcher watch(NodeService node) {
        String path = ZkPaths.nodeRequests(node.nodeName());
        node.zk().createIfAbsent(path, new byte[0]);
        PersistentWatcher watch = new PersistentWatcher(node.client(), path, false);
        watch.getListenable().addListener(event -> schedule(node));
        watch.getResetListenable().addListener(() -> schedule(node));
        watch.start();
        schedule(node);
        return watch;
    }

    private static void schedule(NodeService node) {
        if (!node.nodeManager().isShutdown()) {
            node.nodeManager().execute(() -> process(node));
        }
    }

    static void process(NodeService node) {
        String path = ZkPaths.nodeRequests(node.nodeName());
        List<String> children;
        try {
            children = new ArrayList<>(node.zk().children(path));
        } catch (ClusterUnavailableException e) {
            // The watch's reset after the reconnect reads the queue again.
            node.log()
                    .info(
                            "REQUEST",
                            null,
                            null,
                            0,
                            "Could not read the requests of node '" + node.nodeName() + "': " + e.getMessage());
            return;
        }
        children.sort(Comparator.naturalOrder());
        for (String child : children) {
            carryOut(node, path + "/" + child);
        }
    }

    /** Claims, carries out and answers one queued request. Node-manager thread. */
    private static void carryOut(NodeService node, String requestPath) {
        Optional<Records.Request> answer = QueuedRequest.carryOut(
                node.zk(), requestPath, node.zk()::setIfVersion, request -> handle(node, request));
        if (answer.isEmpty()) {
            return;
        }
        Records.Request done = answer.get();
        node.zk().put(requestPath, Json.write(done));
    }

    private static String handle(NodeService node, Records.Request request) {
        return switch (request.op()) {
            case "pause" -> pause(node, request.drain(), request.force());
            case "resume" ->
                resume(node, FailbackMode.parse(request.failback() == null ? "NoFailback" : request.failback()));
            default -> throw new IllegalArgumentException("Unknown node request '" + request.op() + "'");
        };
    }

    private static String pause(NodeService node, boolean drain, boolean force) {
        node.setPaused(true);
        List<String> drained = new ArrayList<>();
        if (drain) {
            List<CompletableFuture<Boolean>> moves = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            for (GroupController c : node.controllers().values()) {
                if (c.term() != null) {
                    CompletableFuture<Boolean> moved = new CompletableFuture<>();
                    c.execute(() -> moved.complete(c.drain(force)));
                    moves.add(moved);
                    groups.add(c.group());
                }
            }
            for (int i = 0; i < moves.size(); i++) {
                try {
                    if (moves.get(i).get(5, TimeUnit.MINUTES)) {
                        drained.add(groups.get(i));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break; // the node is shutting down: report what was drained so far
                } catch (ExecutionException | TimeoutException e) {
                    node.log()
                            .info(
                                    "DRAIN",
                                    groups.get(i),
                                    null,
                                    0,
                                    "Drain of group '" + groups.get(i) + "' did not finish: "
                                            + ResourceMonitor.messageOf(e));
                }
            }
        }
        node.zk().update(ZkPaths.node(node.nodeName()), old -> {
            Records.NodeRecord r = Json.read(old, Records.NodeRecord.class);
            return Json.write(new Records.NodeRecord(r.name(), r.id(), true, drained));
        });
        node.log()
                .event(
                        "INFO",
                        Component.NM,
                        EventId.NODE_PAUSE_CHANGED,
                        "NODE_PAUSED",
                        null,
                        null,
                        0,
                        "Cluster node '" + node.nodeName() + "' was paused"
                                + (drain ? " and drained of " + drained : "") + ".");
        node.refreshSpecs();
        return drain ? "Paused; drained " + drained : "Paused";
    }

    private static String resume(NodeService node, FailbackMode failback) {
        List<String> drained = node.zk()
                .readJson(ZkPaths.node(node.nodeName()), Records.NodeRecord.class)
                .map(Records.NodeRecord::drainedGroups)
                .orElse(List.of());
        node.zk().update(ZkPaths.node(node.nodeName()), old -> {
            Records.NodeRecord r = Json.read(old, Records.NodeRecord.class);
            return Json.write(new Records.NodeRecord(r.name(), r.id(), false, List.of()));
        });
        node.setPaused(false);
        node.log()
                .event(
                        "INFO",
                        Component.NM,
                        EventId.NODE_PAUSE_CHANGED,
                        "NODE_RESUMED",
                        null,
                        null,
                        0,
                        "Cluster node '" + node.nodeName() + "' was resumed (failback " + failback + ").");
        node.refreshSpecs();
        List<String> back = new ArrayList<>();
        for (String group : drained) {
            Optional<GroupSpec> spec = node.zk()
                    .readJson(ZkPaths.groupSpec(group), Records.GroupSpecJson.class)
                    .map(Records.GroupSpecJson::toSpec);
            if (spec.isEmpty() || failback == FailbackMode.NoFailback) {
                continue;
            }
            int hour = node.clock()
                    .instant()
                    .atZone(java.time.ZoneId.systemDefault())
                    .getHour();
            boolean allowed = failback == FailbackMode.Immediate
                    || (spec.get().properties().autoFailbackType() == AutoFailbackType.AllowFailback
                            && spec.get().properties().inFailbackWindow(hour));
            if (allowed) {
                Records.Request move = new Records.Request(
                                "move", node.nodeName(), null, false, false, null, null, null)
                        .expiringAt(System.currentTimeMillis() + Records.Request.UNWAITED_EXPIRY.toMillis());
                node.zk()
                        .create(
                                ZkPaths.groupRequests(group) + "/r-",
                                CreateMode.PERSISTENT_SEQUENTIAL,
                                Json.write(move));
                back.add(group);
            }
        }
        return "Resumed; failing back " + back;
    }
}
