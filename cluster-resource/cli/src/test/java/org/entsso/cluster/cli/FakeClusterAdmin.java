package org.entsso.cluster.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.NoSuchClusterObjectException;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.ResourceInfo;
import org.entsso.cluster.events.ClusterEvent;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.node.FailbackMode;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.resource.Checkpoint;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.ResourceState;

/**
 * An in-memory stand-in for the admin API, so the command line's parsing, printing and exit codes are tested without a
 * cluster (the real engine is exercised by the scenario tests). Records the calls it receives.
 */
final class FakeClusterAdmin implements ClusterAdmin {
    final List<String> calls = new ArrayList<>();
    final Map<String, GroupInfo> groups = new LinkedHashMap<>();
    final Map<String, ResourceInfo> resources = new LinkedHashMap<>();
    final List<NodeInfo> nodes = new ArrayList<>();
    final List<ClusterEvent> log = new ArrayList<>();
    final Map<String, GroupSpec> specs = new LinkedHashMap<>();
    boolean closed;

    FakeClusterAdmin() {
        groups.put("SSO", new GroupInfo("SSO", "node1", GroupState.Online, 4, Map.of("AutoFailbackType", "1")));
        resources.put(
                "SSO Service",
                new ResourceInfo(
                        "SSO Service",
                        ResourceState.Online,
                        "SSO",
                        "Generic Service",
                        "node1",
                        "",
                        Map.of("RestartThreshold", "3")));
        nodes.add(new NodeInfo("node1", 1, NodeState.Up));
        nodes.add(new NodeInfo("node2", 2, NodeState.Up));
        specs.put(
                "SSO",
                GroupSpec.of(
                        "SSO",
                        List.of("node1", "node2"),
                        List.of(ResourceSpec.of(
                                        "SSO Service",
                                        "Generic Service",
                                        Map.of("ServiceName", "EntSsoSvc", "StartupParameters", "-Xmx512m"))
                                .withPossibleOwners(List.of("node1"))
                                .withCheckpoints(List.of(Checkpoint.registry("software\\entsso"))))));
    }

    @Override
    public List<GroupInfo> groups() {
        return List.copyOf(groups.values());
    }

    @Override
    public GroupInfo group(String name) {
        GroupInfo group = groups.get(name);
        if (group == null) {
            throw new NoSuchClusterObjectException("group", name);
        }
        return group;
    }

    @Override
    public List<ResourceInfo> resources() {
        return List.copyOf(resources.values());
    }

    @Override
    public ResourceInfo resource(String name) {
        ResourceInfo resource = resources.get(name);
        if (resource == null) {
            throw new NoSuchClusterObjectException("resource", name);
        }
        return resource;
    }

    @Override
    public List<NodeInfo> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public GroupSpec groupSpec(String name) {
        group(name);
        return specs.get(name);
    }

    @Override
    public void createGroup(GroupSpec spec) {
        calls.add("create group " + spec.name() + " " + spec.resources());
        if (groups.containsKey(spec.name())) {
            throw new InvalidClusterConfigurationException("A group named '" + spec.name() + "' already exists");
        }
        groups.put(spec.name(), new GroupInfo(spec.name(), "", GroupState.Offline, 0, Map.of()));
        specs.put(spec.name(), spec);
    }

    @Override
    public boolean createGroupIfAbsent(GroupSpec spec) {
        throw new UnsupportedOperationException();
    }

    @Override
    public GroupSpec updateGroup(String group, java.util.function.UnaryOperator<GroupSpec> change) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void removeGroup(String name) {
        removeGroup(name, true);
    }

    @Override
    public void removeGroup(String name, boolean removeResources) {
        GroupInfo g = group(name);
        calls.add("remove group " + name + " " + removeResources);
        if (g.state() != GroupState.Offline) {
            throw new InvalidClusterConfigurationException(
                    "Group '" + name + "' is " + g.state().display() + "; stop it before removing it");
        }
        groups.remove(name);
    }

    @Override
    public ResourceInfo addResource(String group, ResourceSpec resource) {
        group(group);
        calls.add("add resource " + resource.name() + " to " + group + " " + resource.type() + " "
                + resource.parameters());
        ResourceInfo row =
                new ResourceInfo(resource.name(), ResourceState.Offline, group, resource.type(), "node1", "", Map.of());
        resources.put(resource.name(), row);
        return row;
    }

    @Override
    public void removeResource(String resource) {
        ResourceInfo r = resource(resource);
        calls.add("remove resource " + resource);
        if (r.state() != ResourceState.Offline && r.state() != ResourceState.Failed) {
            throw new InvalidClusterConfigurationException(
                    "Resource '" + resource + "' is " + r.state() + "; stop it before removing it");
        }
        resources.remove(resource);
    }

    @Override
    public void addCheckpoint(String resource, Checkpoint checkpoint) {
        resource(resource);
        calls.add("add checkpoint " + resource + " " + checkpoint);
    }

    @Override
    public Optional<byte[]> checkpointData(String group, String resource) {
        return Optional.empty();
    }

    @Override
    public Map<String, List<Checkpoint>> checkpoints(Optional<String> resource) {
        resource.ifPresent(this::resource);
        calls.add("checkpoints " + resource.orElse("-"));
        return Map.of(
                "SSO Service",
                List.of(
                        Checkpoint.registry("software\\entsso"),
                        Checkpoint.crypto("Microsoft Enhanced Cryptographic Provider v1.0", 1, "EntSsoKeys")));
    }

    @Override
    public List<Checkpoint> removeCheckpoints(String resource, String name, Optional<Checkpoint.Kind> kind) {
        resource(resource);
        calls.add("remove checkpoint " + resource + " " + name + " "
                + kind.map(Enum::name).orElse("-"));
        if (!name.equalsIgnoreCase("software\\entsso")) {
            throw new NoSuchClusterObjectException("checkpoint", name + "' of resource '" + resource);
        }
        return List.of(Checkpoint.registry(name));
    }

    @Override
    public GroupInfo moveGroup(String group, Optional<String> node, Duration wait) {
        calls.add("move " + group + " " + node.orElse("-") + " " + wait);
        GroupInfo g = group(group);
        return new GroupInfo(g.name(), node.orElse("node2"), GroupState.Online, g.epoch() + 1, g.properties());
    }

    @Override
    public GroupInfo startGroup(String group, Duration wait) {
        calls.add("start group " + group + " " + wait);
        return group(group);
    }

    @Override
    public GroupInfo stopGroup(String group, Duration wait) {
        calls.add("stop group " + group + " " + wait);
        GroupInfo g = group(group);
        return new GroupInfo(g.name(), g.ownerNode(), GroupState.Offline, g.epoch(), g.properties());
    }

    @Override
    public ResourceInfo startResource(String resource, Duration wait) {
        calls.add("start resource " + resource + " " + wait);
        return resource(resource);
    }

    @Override
    public ResourceInfo stopResource(String resource, Duration wait) {
        calls.add("stop resource " + resource + " " + wait);
        return resource(resource);
    }

    @Override
    public ResourceInfo failResource(String resource, Duration wait) {
        calls.add("fail " + resource + " " + wait);
        ResourceInfo r = resource(resource);
        return new ResourceInfo(
                r.name(), ResourceState.Failed, r.group(), r.resourceType(), r.ownerNode(), "", r.properties());
    }

    @Override
    public ResourceInfo clearResourceFailure(String resource, Duration wait) {
        calls.add("clear " + resource + " " + wait);
        return resource(resource);
    }

    @Override
    public NodeInfo pauseNode(String node, boolean drain, boolean forceDrain, Duration wait) {
        calls.add("pause " + node + " drain=" + drain + " force=" + forceDrain + " " + wait);
        return new NodeInfo(node, 1, NodeState.Paused);
    }

    @Override
    public NodeInfo resumeNode(String node, FailbackMode failback, Duration wait) {
        calls.add("resume " + node + " " + failback + " " + wait);
        return new NodeInfo(node, 1, NodeState.Up);
    }

    @Override
    public Map<String, String> groupProperties(String group) {
        return group(group).properties();
    }

    @Override
    public void setGroupProperty(String group, String property, String value) {
        group(group);
        calls.add("set group " + group + " " + property + "=" + value);
    }

    @Override
    public Map<String, String> resourceProperties(String resource) {
        return resource(resource).properties();
    }

    @Override
    public void setResourceProperty(String resource, String property, String value) {
        resource(resource);
        calls.add("set resource " + resource + " " + property + "=" + value);
    }

    @Override
    public void setClusterProperty(String property, String value) {
        calls.add("set cluster " + property + "=" + value);
    }

    @Override
    public Map<String, String> clusterProperties() {
        return Map.of("ClusterEnforcedAntiAffinity", "0");
    }

    @Override
    public Optional<Map<String, String>> resolveName(String networkName) {
        return Optional.empty();
    }

    @Override
    public java.io.Closeable watchCheckpoint(
            String group, String resource, java.util.function.Consumer<Optional<byte[]>> listener) {
        listener.accept(Optional.empty());
        return () -> {};
    }

    @Override
    public java.io.Closeable watchName(
            String networkName, java.util.function.Consumer<Optional<Map<String, String>>> listener) {
        listener.accept(Optional.empty());
        return () -> {};
    }

    @Override
    public List<ClusterEvent> log(Optional<String> node, Duration timeSpan) {
        calls.add("log " + node.orElse("-") + " " + timeSpan);
        return log.stream()
                .filter(e -> node.map(n -> n.equals(e.node())).orElse(true))
                .toList();
    }

    @Override
    public void close() {
        closed = true;
    }
}
