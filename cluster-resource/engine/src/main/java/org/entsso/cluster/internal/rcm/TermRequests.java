package org.entsso.cluster.internal.rcm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.NoSuchClusterObjectException;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.resource.ResourceState;

/**
 * Carries out administrators' requests on the owner of a group, on its RCM thread: move, start, stop, start and stop
 * of a resource, Test-ClusterResourceFailure and clearing a failure. Returns the text stored as the request's result.
 */
final class TermRequests {
    private final GroupTerm term;
    private final NodeContext node;
    private final GroupController controller;

    TermRequests(GroupTerm term, NodeContext node, GroupController controller) {
        this.term = term;
        this.node = node;
        this.controller = controller;
    }

    String handle(Records.Request request) {
        return switch (request.op()) {
            case "move" -> move(Optional.ofNullable(request.node()));
            case "start" -> start();
            case "stop" -> stop();
            case "startResource" -> startResource(resource(request));
            case "stopResource" -> stopResource(resource(request));
            case "fail" -> fail(resource(request));
            case "clearFailure" -> clearFailure(resource(request));
            default -> throw new InvalidClusterConfigurationException("Unknown request '" + request.op() + "'");
        };
    }

    /**
     * The resource a request names, as the term knows it. A resource added a moment before the request may not have
     * reached the term yet (the definition's watch and the request's are separate): then the group's definition is read
     * from ZooKeeper and applied first, so Add-ClusterResource followed at once by Start-ClusterResource finds it.
     */
    private String resource(Records.Request request) {
        Optional<String> known = term.spec().resource(request.resource()).map(r -> r.name());
        if (known.isPresent()) {
            return known.get();
        }
        Optional<GroupSpec> latest = node.zk()
                .readJson(ZkPaths.groupSpec(term.group()), Records.GroupSpecJson.class)
                .map(Records.GroupSpecJson::toSpec);
        if (latest.flatMap(s -> s.resource(request.resource())).isPresent()) {
            controller.reconcile(latest);
        }
        return term.spec()
                .resource(request.resource())
                .map(r -> r.name())
                .orElseThrow(() -> new NoSuchClusterObjectException("resource", request.resource()));
    }

    private String move(Optional<String> requested) {
        List<String> others = controller.candidates(controller.participants());
        others.remove(node.nodeName());
        if (requested.isPresent()) {
            String target = requested.get();
            if (target.equals(node.nodeName())) {
                if (term.intent().online()) {
                    term.bringOnline();
                }
                return "Group '" + term.group() + "' is already on node '" + target + "'";
            }
            if (!others.contains(target)) {
                throw new InvalidClusterConfigurationException(
                        "Node '" + target + "' cannot host group '" + term.group()
                                + "' now: it is not Up, is paused, or is not a possible owner of every resource in the group");
            }
            term.afterReply(() -> term.handOver(target, "move requested by an administrator"));
            return "Moving group '" + term.group() + "' to node '" + target + "'";
        }
        String target = node.placement()
                .chooseOwner(term.spec(), others, node.nodeName())
                .orElseThrow(() -> new InvalidClusterConfigurationException("No other node can host group '"
                        + term.group() + "' now (nodes in its election: " + controller.participants() + ")"));
        term.afterReply(() -> term.handOver(target, "move requested by an administrator"));
        return "Moving group '" + term.group() + "' to node '" + target + "'";
    }

    private String start() {
        term.setIntent(new Records.Intent(true, List.of()));
        term.bringOnline();
        return "Group '" + term.group() + "' started";
    }

    private String stop() {
        term.setIntent(new Records.Intent(false, term.intent().offlineResources()));
        term.takeOffline();
        return "Group '" + term.group() + "' stopped";
    }

    private String startResource(String resource) {
        List<String> stopped = new ArrayList<>(term.intent().offlineResources());
        stopped.remove(resource);
        term.setIntent(new Records.Intent(true, stopped));
        term.clearFailure(resource);
        term.bringOnline();
        return "Resource '" + resource + "' started";
    }

    private String stopResource(String resource) {
        List<String> stopped = new ArrayList<>(term.intent().offlineResources());
        if (!stopped.contains(resource)) {
            stopped.add(resource);
        }
        term.setIntent(new Records.Intent(term.intent().online(), stopped));
        term.takeOffline(resource);
        return "Resource '" + resource + "' stopped";
    }

    private String fail(String resource) {
        ResourceMonitor m = term.monitors().get(resource);
        if (m.state() != ResourceState.Online) {
            throw new InvalidClusterConfigurationException("Resource '" + resource + "' is " + m.state()
                    + ", not Online; only an online resource can be failed");
        }
        m.fail("Test-ClusterResourceFailure requested by an administrator");
        return "Resource '" + resource + "' failed on request";
    }

    private String clearFailure(String resource) {
        term.clearFailure(resource);
        if (term.intent().online()) {
            term.bringOnline();
        }
        return "Failure of resource '" + resource + "' cleared";
    }
}
