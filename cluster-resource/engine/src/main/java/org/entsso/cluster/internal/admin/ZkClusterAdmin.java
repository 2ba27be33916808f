package org.entsso.cluster.internal.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.ResourceInfo;
import org.entsso.cluster.events.ClusterEvent;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.internal.log.ClusterLog;
import org.entsso.cluster.internal.ownership.Fence;
import org.entsso.cluster.internal.zk.ClusterProperties;
import org.entsso.cluster.internal.zk.Curators;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.node.FailbackMode;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.resource.Checkpoint;
import org.entsso.cluster.resource.ResourceProperties;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.ResourceState;

/** {@link ClusterAdmin} over ZooKeeper: reads state directly, and queues commands for the owning node. */
public final class ZkClusterAdmin implements ClusterAdmin {
    private static final Duration POLL = Duration.ofMillis(20);
    private final CuratorFramework client;
    private final Zk zk;
    private final ClusterView view;
    private final GroupCatalog catalog;
    private final ResourceEdits edits;

    private ZkClusterAdmin(CuratorFramework client) {
        this.client = client;
        this.zk = new Zk(client);
        this.view = new ClusterView(zk);
        this.catalog = new GroupCatalog(client, view);
        this.edits = new ResourceEdits(zk, view, catalog);
    }

    /** Connects, failing with one clear sentence when ZooKeeper cannot be reached in the connection timeout. */
    public static ClusterAdmin connect(ClusterConnection connection) {
        CuratorFramework client = Curators.connect(connection);
        return new ZkClusterAdmin(client);
    }

    @Override
    public List<GroupInfo> groups() {
        Set<String> live = view.liveNodes();
        List<GroupInfo> list = new ArrayList<>();
        for (String name : view.groupNames()) {
            view.findSpec(name).ifPresent(spec -> list.add(view.group(spec, live)));
        }
        return list;
    }

    @Override
    public GroupInfo group(String name) {
        return view.group(view.spec(name), view.liveNodes());
    }

    @Override
    public List<ResourceInfo> resources() {
        Set<String> live = view.liveNodes();
        List<ResourceInfo> list = new ArrayList<>();
        for (String name : view.groupNames()) {
            view.findSpec(name).ifPresent(spec -> list.addAll(view.resources(spec, live)));
        }
        return list;
    }

    @Override
    public ResourceInfo resource(String name) {
        GroupSpec spec = view.groupOf(name);
        return view.resources(spec, view.liveNodes()).stream()
                .filter(r -> r.name().equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow();
    }

    @Override
    public List<NodeInfo> nodes() {
        return view.nodes();
    }

    @Override
    public GroupSpec groupSpec(String name) {
        return view.spec(name);
    }

    @Override
    public void createGroup(GroupSpec spec) {
        if (!createGroupIfAbsent(spec)) {
            throw new InvalidClusterConfigurationException("A group named '" + spec.name() + "' already exists");
        }
    }

    @Override
    public boolean createGroupIfAbsent(GroupSpec spec) {
        return catalog.create(spec); // the unique-name check and the write are one compare-and-set (issue 9 item 8)
    }

    @Override
    public GroupSpec updateGroup(String group, UnaryOperator<GroupSpec> change) {
        return catalog.update(group, change);
    }

    @Override
    public void removeGroup(String name) {
        edits.removeGroup(name, true);
    }

    @Override
    public void removeGroup(String name, boolean removeResources) {
        edits.removeGroup(name, removeResources);
    }

    @Override
    public ResourceInfo addResource(String group, ResourceSpec resource) {
        return edits.addResource(group, resource);
    }

    @Override
    public void removeResource(String resource) {
        edits.removeResource(resource);
    }

    @Override
    public void addCheckpoint(String resource, Checkpoint checkpoint) {
        edits.addCheckpoint(resource, checkpoint);
    }

    @Override
    public Map<String, List<Checkpoint>> checkpoints(Optional<String> resource) {
        return edits.checkpoints(resource);
    }

    @Override
    public Optional<byte[]> checkpointData(String group, String resource) {
        return zk.read(ZkPaths.checkpoint(group, resource)).map(Zk.Versioned::data);
    }

    @Override
    public List<Checkpoint> removeCheckpoints(String resource, String name, Optional<Checkpoint.Kind> kind) {
        return edits.removeCheckpoints(resource, name, kind);
    }

    @Override
    public GroupInfo moveGroup(String group, Optional<String> node, Duration wait) {
        GroupSpec spec = view.spec(group);
        Optional<String> target = node.map(this::requireHostable);
        Deadline deadline = new Deadline(wait);
        String result = groupRequest(
                spec.name(),
                new Records.Request("move", target.orElse(null), null, false, false, null, null, null),
                deadline);
        deadline.await(() -> {
            GroupInfo g = group(spec.name());
            return g.state() == GroupState.Online
                            && (target.isEmpty() || g.ownerNode().equals(target.get()))
                    || result.contains("already on node");
        });
        return group(spec.name());
    }

    private String requireHostable(String node) {
        Records.NodeRecord record = view.nodeRecord(node);
        NodeInfo info = view.node(record, view.liveNodes());
        if (info.state() != NodeState.Up) {
            throw new InvalidClusterConfigurationException(
                    "Node '" + record.name() + "' is " + info.state() + "; only an Up node can take a group");
        }
        return record.name();
    }

    @Override
    public GroupInfo startGroup(String group, Duration wait) {
        GroupSpec spec = view.spec(group);
        Deadline deadline = new Deadline(wait);
        groupRequest(spec.name(), simple("start", null), deadline);
        deadline.await(() -> group(spec.name()).state() == GroupState.Online);
        return group(spec.name());
    }

    @Override
    public GroupInfo stopGroup(String group, Duration wait) {
        GroupSpec spec = view.spec(group);
        Deadline deadline = new Deadline(wait);
        groupRequest(spec.name(), simple("stop", null), deadline);
        deadline.await(() -> group(spec.name()).state() == GroupState.Offline);
        return group(spec.name());
    }

    @Override
    public ResourceInfo startResource(String resource, Duration wait) {
        return resourceRequest(resource, "startResource", wait, ResourceState.Online);
    }

    @Override
    public ResourceInfo stopResource(String resource, Duration wait) {
        return resourceRequest(resource, "stopResource", wait, ResourceState.Offline);
    }

    @Override
    public ResourceInfo failResource(String resource, Duration wait) {
        return resourceRequest(resource, "fail", wait, null);
    }

    @Override
    public ResourceInfo clearResourceFailure(String resource, Duration wait) {
        return resourceRequest(resource, "clearFailure", wait, null);
    }

    private ResourceInfo resourceRequest(String resource, String op, Duration wait, ResourceState until) {
        GroupSpec spec = view.groupOf(resource);
        String name = spec.resource(resource).orElseThrow().name();
        Deadline deadline = new Deadline(wait);
        groupRequest(spec.name(), simple(op, name), deadline);
        if (until != null) {
            deadline.await(() -> resource(name).state() == until);
        }
        return resource(name);
    }

    private static Records.Request simple(String op, String resource) {
        return new Records.Request(op, null, resource, false, false, null, null, null);
    }

    @Override
    public NodeInfo pauseNode(String node, boolean drain, boolean forceDrain, Duration wait) {
        Records.NodeRecord record = view.nodeRecord(node);
        requireLive(record);
        Deadline deadline = new Deadline(wait);
        nodeRequest(
                record.name(), new Records.Request("pause", null, null, drain, forceDrain, null, null, null), deadline);
        return view.node(view.nodeRecord(record.name()), view.liveNodes());
    }

    @Override
    public NodeInfo resumeNode(String node, FailbackMode failback, Duration wait) {
        Records.NodeRecord record = view.nodeRecord(node);
        requireLive(record);
        Deadline deadline = new Deadline(wait);
        nodeRequest(
                record.name(),
                new Records.Request("resume", null, null, false, false, failback.name(), null, null),
                deadline);
        return view.node(view.nodeRecord(record.name()), view.liveNodes());
    }

    private void requireLive(Records.NodeRecord record) {
        if (!view.liveNodes().contains(record.name())) {
            throw new InvalidClusterConfigurationException("Node '" + record.name() + "' is Down");
        }
    }

    @Override
    public Map<String, String> groupProperties(String group) {
        GroupSpec spec = view.spec(group);
        GroupInfo info = view.group(spec, view.liveNodes());
        Map<String, String> map = new LinkedHashMap<>();
        map.put("Name", spec.name());
        map.put("OwnerNode", info.ownerNode());
        map.put("State", info.state().display());
        map.put("Epoch", String.valueOf(info.epoch()));
        map.put("PreferredOwners", String.join(",", spec.preferredOwners()));
        map.putAll(spec.properties().asMap());
        return map;
    }

    @Override
    public void setGroupProperty(String group, String property, String value) {
        GroupSpec spec = view.spec(group);
        updateSpec(spec.name(), s -> {
            if (property.trim().equalsIgnoreCase("PreferredOwners")) {
                return s.withPreferredOwners(nodeList(value));
            }
            return s.withProperties(s.properties().with(property, value));
        });
    }

    @Override
    public Map<String, String> resourceProperties(String resource) {
        GroupSpec spec = view.groupOf(resource);
        ResourceSpec r = spec.resource(resource).orElseThrow();
        ResourceInfo info = resource(r.name());
        Map<String, String> map = new LinkedHashMap<>();
        map.put("Name", r.name());
        map.put("State", info.state().name());
        map.put("OwnerGroup", spec.name());
        map.put("OwnerNode", info.ownerNode());
        map.put("ResourceType", r.type());
        map.put("Dependency", r.dependencies());
        map.put("PossibleOwners", String.join(",", r.possibleOwners()));
        map.putAll(r.properties().asMap());
        map.put("ResourceSpecificStatus", info.statusText());
        r.parameters().forEach((k, v) -> map.put("Parameter." + k, v));
        return map;
    }

    @Override
    public void setResourceProperty(String resource, String property, String value) {
        GroupSpec spec = view.groupOf(resource);
        ResourceSpec r = spec.resource(resource).orElseThrow();
        String key = property.trim();
        String lower = key.toLowerCase(Locale.ROOT);
        ResourceSpec changed;
        if (lower.equals("dependency") || lower.equals("dependencies")) {
            changed = r.withDependencies(value);
        } else if (lower.equals("possibleowners")) {
            changed = r.withPossibleOwners(nodeList(value));
        } else if (ResourceProperties.DEFAULTS.asMap().keySet().stream().anyMatch(k -> k.equalsIgnoreCase(key))) {
            changed = r.withProperties(r.properties().with(key, value));
        } else if (lower.startsWith("parameter.")) {
            Map<String, String> params = new LinkedHashMap<>(r.parameters());
            params.put(key.substring("parameter.".length()), value);
            changed = r.withParameters(params);
        } else {
            throw new InvalidClusterConfigurationException("'" + key + "' is not a property of resource '" + r.name()
                    + "'; common properties: "
                    + String.join(", ", ResourceProperties.DEFAULTS.asMap().keySet())
                    + ", Dependency, PossibleOwners; private parameters are set as Parameter.<name>");
        }
        updateSpec(spec.name(), s -> s.withResource(changed));
    }

    private List<String> nodeList(String value) {
        List<String> list = new ArrayList<>();
        for (String n : value.split("\\s*,\\s*")) {
            if (!n.isBlank()) {
                list.add(view.nodeRecord(n).name());
            }
        }
        return list;
    }

    private void updateSpec(String group, UnaryOperator<GroupSpec> change) {
        catalog.update(group, change);
    }

    @Override
    public void setClusterProperty(String property, String value) {
        ClusterProperties next = ClusterProperties.read(zk).with(property, value);
        zk.put(ZkPaths.CLUSTER_PROPERTIES, Json.write(next.asMap()));
    }

    @Override
    public Map<String, String> clusterProperties() {
        return ClusterProperties.read(zk).asMap();
    }

    @Override
    public Optional<Map<String, String>> resolveName(String networkName) {
        return view.name(networkName);
    }

    @Override
    public java.io.Closeable watchName(
            String networkName, java.util.function.Consumer<Optional<Map<String, String>>> listener) {
        org.apache.curator.framework.recipes.cache.CuratorCache cache =
                org.apache.curator.framework.recipes.cache.CuratorCache.build(
                        client,
                        ZkPaths.name(networkName),
                        org.apache.curator.framework.recipes.cache.CuratorCache.Options.SINGLE_NODE_CACHE);
        // From the cache's own data, not a read of our own: a read on Curator's listener thread that failed (the
        // connection lost again at that moment) left the last value in place, and the cache, already up to date,
        // would not tell again.
        String path = ZkPaths.name(networkName);
        cache.listenable()
                .addListener(org.apache.curator.framework.recipes.cache.CuratorCacheListener.builder()
                        .forAll((type, oldData, data) -> listener.accept(nameData(data)))
                        .forInitialized(
                                () -> listener.accept(nameData(cache.get(path).orElse(null))))
                        .build());
        cache.start();
        return cache::close;
    }

    /** A network name's data as {@link #resolveName} answers it; empty when deleted, absent or unreadable. */
    @SuppressWarnings("unchecked")
    private static Optional<Map<String, String>> nameData(org.apache.curator.framework.recipes.cache.ChildData data) {
        if (data == null || data.getData() == null || data.getData().length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of((Map<String, String>) Json.read(data.getData(), Map.class));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    @Override
    public java.io.Closeable watchCheckpoint(
            String group, String resource, java.util.function.Consumer<Optional<byte[]>> listener) {
        String path = ZkPaths.checkpoint(group, resource);
        org.apache.curator.framework.recipes.cache.CuratorCache cache =
                org.apache.curator.framework.recipes.cache.CuratorCache.build(
                        client,
                        path,
                        org.apache.curator.framework.recipes.cache.CuratorCache.Options.SINGLE_NODE_CACHE);
        cache.listenable()
                .addListener(org.apache.curator.framework.recipes.cache.CuratorCacheListener.builder()
                        .forCreatesAndChanges((oldData, data) -> listener.accept(Optional.ofNullable(data.getData())))
                        .forDeletes(oldData -> listener.accept(Optional.empty()))
                        .forInitialized(() -> listener.accept(cache.get(path).map(d -> d.getData())))
                        .build());
        cache.start();
        return cache::close;
    }

    @Override
    public List<ClusterEvent> log(Optional<String> node, Duration timeSpan) {
        List<String> nodes =
                node.map(n -> List.of(view.nodeRecord(n).name())).orElseGet(() -> zk.children(ZkPaths.EVENTS));
        Instant since = timeSpan == null ? Instant.MIN : Instant.now().minus(timeSpan);
        List<ClusterEvent> events = new ArrayList<>();
        for (String n : nodes) {
            ClusterLog.read(zk, n).stream()
                    .filter(e -> !e.time().isBefore(since))
                    .forEach(events::add);
        }
        events.sort(Comparator.comparing(ClusterEvent::time));
        return events;
    }

    /** Queues a request for the group's owner and waits (within the deadline) for its result. */
    private String groupRequest(String group, Records.Request request, Deadline deadline) {
        return request(
                ZkPaths.groupRequests(group),
                request,
                deadline,
                "No node took the request for group '" + group + "' within the wait; no Up node may own it now");
    }

    private String nodeRequest(String node, Records.Request request, Deadline deadline) {
        return request(
                ZkPaths.nodeRequests(node),
                request,
                deadline,
                "Node '" + node + "' did not carry out the request within the wait");
    }

    private String request(String parent, Records.Request request, Deadline deadline, String timeoutMessage) {
        String path = zk.create(
                parent + "/r-", CreateMode.PERSISTENT_SEQUENTIAL, Json.write(request.expiringAt(deadline.expiresAt())));
        if (deadline.isZero()) {
            return "";
        }
        Records.Request[] done = new Records.Request[1];
        boolean finished = deadline.await(() -> {
            done[0] = zk.readJson(path, Records.Request.class).orElse(null);
            return done[0] != null && done[0].done();
        });
        if (!finished) {
            throw new ClusterException(timeoutMessage + withdraw(path));
        }
        zk.delete(path);
        if ("error".equals(done[0].result())) {
            throw new InvalidClusterConfigurationException(done[0].message());
        }
        return done[0].message() == null ? "" : done[0].message();
    }

    /**
     * Takes back a request nobody carried out within the wait, so it is not carried out minutes after the operator
     * gave up (issue 9 item 8). Deletes only the version created here: an executor that claimed it first (rewriting
     * it, see {@link Fence#claim}) wins, and the operator is told so.
     */
    private String withdraw(String path) {
        return Zk.call(() -> {
            try {
                client.delete().withVersion(0).forPath(path);
                return "; the request was withdrawn and nothing was done";
            } catch (KeeperException.BadVersionException e) {
                return "; it was taken just as the wait ended and may still be carried out: check the state";
            } catch (KeeperException.NoNodeException e) {
                return "; the request is gone";
            }
        });
    }

    @Override
    public void close() {
        client.close();
    }

    /** A wait bound; {@code Duration.ZERO} means do not wait. */
    private static final class Deadline {
        private final long end;
        private final boolean zero;
        private final long expiresAt;

        Deadline(Duration wait) {
            Duration w = wait == null ? Duration.ofSeconds(20) : wait;
            this.zero = w.isZero();
            this.end = System.nanoTime() + w.toNanos();
            this.expiresAt = System.currentTimeMillis() + (zero ? Records.Request.UNWAITED_EXPIRY : w).toMillis();
        }

        boolean isZero() {
            return zero;
        }

        /** When a request sent under this deadline expires (wall clock): when the caller stops waiting for it. */
        long expiresAt() {
            return expiresAt;
        }

        boolean await(BooleanSupplier condition) {
            while (true) {
                if (condition.getAsBoolean()) {
                    return true;
                }
                if (System.nanoTime() >= end) {
                    return false;
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }
}
