package org.entsso.cluster.internal.rcm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.recipes.watch.PersistentWatcher;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.ZkPaths;

/**
 * The request queue of one group on its owner: administrators' requests (move, start, stop, ...) are watched,
 * claimed, carried out by the term's {@link TermRequests} and answered, in queue order. Runs on the group's RCM
 * thread, except {@link #stop} which {@link GroupController#close} may call.
 */
final class GroupRequests {
    private final NodeContext node;
    private final GroupController controller;
    private final String group;
    /** One persistent watch on the group's request queue per term (issue 9 item 2). */
    private volatile PersistentWatcher requestWatch;

    GroupRequests(NodeContext node, GroupController controller, String group) {
        this.node = node;
        this.controller = controller;
        this.group = group;
    }

    /**
     * Watches the group's request queue for the term with one persistent watch, registered once: a one-shot watch
     * re-armed on every policy tick piled up watchers until the next request fired them all on this RCM thread (issue
     * 9 item 2). After a reconnect the watch is re-registered and the queue read again, so nothing polls it.
     */
    void watch(GroupTerm t) {
        String path = ZkPaths.groupRequests(group);
        try {
            node.zk().createIfAbsent(path, new byte[0]);
        } catch (RuntimeException e) {
            // ZooKeeper lost for a moment: the watch below works on a missing path too, and its reset after the
            // reconnect reads the queue. A term must not go without its requests for this.
            node.log().info("REQUEST", group, null, t.epoch(), "Could not create the request queue: " + e.getMessage());
        }
        stop();
        PersistentWatcher watch = new PersistentWatcher(node.client(), path, false);
        watch.getListenable().addListener(event -> controller.execute(() -> process(t)));
        watch.getResetListenable().addListener(() -> controller.execute(() -> process(t)));
        requestWatch = watch;
        watch.start();
        controller.execute(() -> process(t));
    }

    void stop() {
        PersistentWatcher watch = requestWatch;
        requestWatch = null;
        if (watch != null) {
            watch.close();
        }
    }

    void process(GroupTerm t) {
        if (controller.term() != t || !t.isCurrent() || !t.started()) {
            return;
        }
        String path = ZkPaths.groupRequests(group);
        List<String> children = new ArrayList<>(node.zk().children(path));
        children.sort(Comparator.naturalOrder());
        for (String child : children) {
            if (controller.term() != t) {
                return; // a request ended the term (a move): the next owner takes the rest
            }
            carryOut(t, path + "/" + child);
        }
    }

    /** Claims, carries out and answers one queued request, in the term {@code t}. RCM thread. */
    private void carryOut(GroupTerm t, String requestPath) {
        Optional<Records.Request> answer = QueuedRequest.carryOut(node.zk(), requestPath, t.fence()::claim, t::handle);
        if (answer.isEmpty()) {
            return;
        }
        Records.Request done = answer.get();
        node.log()
                .info(
                        "REQUEST",
                        group,
                        done.resource(),
                        t.epoch(),
                        "Administrator request '" + done.op() + "' on group '" + group + "': " + done.result() + ": "
                                + done.message());
        List<Runnable> afterReply;
        try {
            t.fence().put(requestPath, Json.write(done));
            afterReply = t.drainAfterReply();
        } catch (RuntimeException e) {
            // Fenced (the term is over) or ZooKeeper unreachable: the request stays unanswered for the next owner
            // or the next pass, so what was deferred to after the answer (a hand-over) must not run now.
            t.drainAfterReply();
            afterReply = List.of();
            node.log()
                    .info(
                            "REQUEST",
                            group,
                            done.resource(),
                            t.epoch(),
                            "The answer to request " + requestPath + " was not recorded: "
                                    + ResourceMonitor.messageOf(e));
        }
        afterReply.forEach(Runnable::run);
    }
}
