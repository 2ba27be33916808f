package org.entsso.cluster.internal.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.NoSuchClusterObjectException;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.ResourceInfo;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.ResourceState;

/** Reads the cluster's state from ZooKeeper as the cmdlets show it: groups, resources, nodes. */
final class ClusterView {
    private final Zk zk;

    ClusterView(Zk zk) {
        this.zk = zk;
    }

    List<String> groupNames() {
        List<String> names = new ArrayList<>(zk.children(ZkPaths.GROUP_SPECS));
        names.sort(String.CASE_INSENSITIVE_ORDER);
        return names;
    }

    Optional<GroupSpec> findSpec(String group) {
        for (String name : zk.children(ZkPaths.GROUP_SPECS)) {
            if (name.equalsIgnoreCase(group)) {
                return zk.readJson(ZkPaths.groupSpec(name), Records.GroupSpecJson.class)
                        .map(Records.GroupSpecJson::toSpec);
            }
        }
        return Optional.empty();
    }

    GroupSpec spec(String group) {
        return findSpec(group).orElseThrow(() -> new NoSuchClusterObjectException("group", group));
    }

    /** The group containing {@code resource} (names are unique cluster-wide). */
    GroupSpec groupOf(String resource) {
        for (String name : groupNames()) {
            Optional<GroupSpec> spec = findSpec(name);
            if (spec.isPresent() && spec.get().resource(resource).isPresent()) {
                return spec.get();
            }
        }
        throw new NoSuchClusterObjectException("resource", resource);
    }

    Set<String> liveNodes() {
        return new HashSet<>(zk.children(ZkPaths.LIVE));
    }

    /** The status published by the group's owner, if that owner is still a live member. */
    Optional<Records.GroupStatus> liveStatus(String group, Set<String> live) {
        return zk.readJson(ZkPaths.status(group), Records.GroupStatus.class).filter(s -> live.contains(s.owner()));
    }

    long epoch(String group) {
        return zk.read(ZkPaths.epoch(group))
                .map(v -> Json.read(v.data(), Long.class))
                .orElse(0L);
    }

    GroupInfo group(GroupSpec spec, Set<String> live) {
        Optional<Records.GroupStatus> status = currentStatus(spec.name(), live);
        String owner = status.map(Records.GroupStatus::owner).orElse("");
        GroupState state = status.map(s -> GroupState.valueOf(s.state())).orElse(GroupState.Offline);
        long epoch = status.map(Records.GroupStatus::epoch).orElse(epoch(spec.name()));
        if (status.isEmpty()
                && epoch(spec.name()) > 0
                && zk.exists(ZkPaths.latch(spec.name()))
                && !zk.children(ZkPaths.latch(spec.name())).isEmpty()) {
            state = GroupState.Pending; // a new owner took the group and has not published its status yet
        }
        return new GroupInfo(spec.name(), owner, state, epoch, spec.properties().asMap());
    }

    /**
     * The status of the group's current term: published by a live owner with the epoch the epoch znode holds. A
     * status of an earlier term (its owner was replaced and the new one has not published yet) is not current.
     */
    Optional<Records.GroupStatus> currentStatus(String group, Set<String> live) {
        long current = epoch(group);
        return liveStatus(group, live).filter(s -> s.epoch() == current);
    }

    List<ResourceInfo> resources(GroupSpec spec, Set<String> live) {
        Optional<Records.GroupStatus> status = currentStatus(spec.name(), live);
        List<ResourceInfo> list = new ArrayList<>();
        for (ResourceSpec r : spec.resources()) {
            Records.ResourceStatus rs =
                    status.map(s -> s.resources().get(r.name())).orElse(null);
            ResourceState state = rs == null ? ResourceState.Offline : ResourceState.valueOf(rs.state());
            list.add(new ResourceInfo(
                    r.name(),
                    state,
                    spec.name(),
                    r.type(),
                    status.map(Records.GroupStatus::owner).orElse(""),
                    rs == null ? "" : rs.status(),
                    r.properties().asMap()));
        }
        return list;
    }

    List<NodeInfo> nodes() {
        Set<String> live = liveNodes();
        List<NodeInfo> list = new ArrayList<>();
        for (String name : zk.children(ZkPaths.NODES)) {
            zk.readJson(ZkPaths.node(name), Records.NodeRecord.class).ifPresent(r -> list.add(node(r, live)));
        }
        list.sort(Comparator.comparingInt(NodeInfo::id));
        return list;
    }

    NodeInfo node(Records.NodeRecord record, Set<String> live) {
        if (!live.contains(record.name())) {
            return new NodeInfo(record.name(), record.id(), NodeState.Down);
        }
        Optional<Records.LiveRecord> l = zk.readJson(ZkPaths.live(record.name()), Records.LiveRecord.class);
        Map<String, String> attributes = l.map(Records.LiveRecord::attributes).orElse(Map.of());
        if (l.isPresent() && l.get().state().equals(NodeState.Joining.name())) {
            return new NodeInfo(record.name(), record.id(), NodeState.Joining, attributes);
        }
        return new NodeInfo(record.name(), record.id(), record.paused() ? NodeState.Paused : NodeState.Up, attributes);
    }

    Records.NodeRecord nodeRecord(String node) {
        for (String name : zk.children(ZkPaths.NODES)) {
            if (name.equalsIgnoreCase(node)) {
                return zk.readJson(ZkPaths.node(name), Records.NodeRecord.class)
                        .orElseThrow(() -> new NoSuchClusterObjectException("node", node));
            }
        }
        throw new NoSuchClusterObjectException("node", node);
    }

    Optional<Map<String, String>> name(String networkName) {
        @SuppressWarnings("unchecked")
        Optional<Map<String, String>> data =
                zk.readJson(ZkPaths.name(networkName), Map.class).map(m -> (Map<String, String>) m);
        return data;
    }
}
