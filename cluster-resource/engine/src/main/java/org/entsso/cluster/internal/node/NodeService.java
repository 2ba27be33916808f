package org.entsso.cluster.internal.node;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.recipes.watch.PersistentWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooKeeper;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.events.Component;
import org.entsso.cluster.events.EventId;
import org.entsso.cluster.events.GroupObservation;
import org.entsso.cluster.events.GroupObserver;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.internal.log.ClusterLog;
import org.entsso.cluster.internal.rcm.GroupController;
import org.entsso.cluster.internal.rcm.GroupTerm;
import org.entsso.cluster.internal.rcm.NodeContext;
import org.entsso.cluster.internal.rcm.Placement;
import org.entsso.cluster.internal.zk.Curators;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.SessionKiller;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.resource.ClusterService;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.ResourceType;
import org.entsso.cluster.resource.types.BuiltInResourceTypes;

/**
 * The cluster service of one node (behind {@link org.entsso.cluster.ClusterNode}): membership, one
 * {@link GroupController} per group, node commands (pause, drain, resume), the policy tick, and the reaction to
 * connection loss (SUSPENDED stops every owned group at once). Lifecycle LATENT -> STARTED -> CLOSED.
 *
 * <p>Just over 500 lines (STYLE.md); the next cut is the definition and membership watches.
 */
public final class NodeService implements NodeContext {
    private static final Logger LOG = LogManager.getLogger(NodeService.class);

    private enum Lifecycle {
        LATENT,
        STARTED,
        CLOSED
    }

    private final String nodeName;
    private final String nodeHost;
    private volatile Map<String, String> attributes;
    private final ClusterConnection connection;
    private final Clock clock;
    private final Duration policyTick;
    private final Duration takeoverGuard;
    private final Map<String, ResourceType> types = new HashMap<>();
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.LATENT);
    private final Map<String, GroupController> controllers = new ConcurrentHashMap<>();
    private final GroupObservers observers;
    private volatile NodeState state = NodeState.Down;
    private volatile boolean paused;
    private CuratorFramework client;
    private Zk zk;
    private Placement placement;
    private volatile ClusterLog log;
    private GroupSpecReader specReader;
    private ScheduledExecutorService timers;
    private ScheduledExecutorService nodeManager;
    private PersistentNode membership;
    private CuratorCache specCache;
    private CuratorCache liveCache;
    private PersistentWatcher nodeRequestWatch;

    public NodeService(
            String nodeName,
            String nodeHost,
            Map<String, String> attributes,
            ClusterConnection connection,
            Clock clock,
            Duration policyTick,
            Duration takeoverGuard,
            List<ResourceType> extraTypes,
            Map<String, Supplier<? extends ClusterService>> services) {
        this.nodeName = nodeName;
        this.observers = new GroupObservers(nodeName);
        this.nodeHost = nodeHost;
        this.attributes = Map.copyOf(attributes);
        this.connection = connection;
        this.clock = clock;
        this.policyTick = policyTick;
        this.takeoverGuard = takeoverGuard;
        BuiltInResourceTypes.create(services).forEach(t -> types.put(t.name(), t));
        extraTypes.forEach(t -> types.put(t.name(), t));
    }

    /** Connects, registers as Joining, starts the group controllers, then reports Up. */
    public void start() {
        if (!lifecycle.compareAndSet(Lifecycle.LATENT, Lifecycle.STARTED)) {
            throw new IllegalStateException("Node '" + nodeName + "' cannot be started more than once");
        }
        client = Curators.connect(connection);
        zk = new Zk(client);
        placement = new Placement(zk, nodeName);
        log = new ClusterLog(nodeName, zk);
        specReader = new GroupSpecReader(log);
        timers = Executors.newScheduledThreadPool(2, daemon("timers-" + nodeName));
        nodeManager = Executors.newSingleThreadScheduledExecutor(daemon("nm-" + nodeName));
        state = NodeState.Joining;
        registerNode();
        client.getConnectionStateListenable().addListener((c, s) -> onConnectionState(s));
        watchSpecs();
        watchMembership();
        nodeRequestWatch = NodeRequests.watch(this);
        nodeManager.scheduleWithFixedDelay(
                this::tick, policyTick.toMillis(), policyTick.toMillis(), TimeUnit.MILLISECONDS);
        state = paused ? NodeState.Paused : NodeState.Up;
        setMembership(state);
        log.event(
                "INFO",
                Component.NM,
                EventId.NODE_JOINED,
                "NODE_UP",
                null,
                null,
                0,
                "Cluster node '" + nodeName + "' joined the cluster as " + state + ".");
        nodeManager.execute(this::refreshSpecs);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private void registerNode() {
        Optional<Records.NodeRecord> existing = zk.readJson(ZkPaths.node(nodeName), Records.NodeRecord.class);
        if (existing.isEmpty()) {
            byte[] counter = zk.update(
                    ZkPaths.NEXT_NODE_ID, old -> Json.write(old == null ? 1L : Json.read(old, Long.class) + 1));
            int id = Json.read(counter, Long.class).intValue();
            zk.createIfAbsent(
                    ZkPaths.node(nodeName), Json.write(new Records.NodeRecord(nodeName, id, false, List.of())));
        }
        paused = zk.readJson(ZkPaths.node(nodeName), Records.NodeRecord.class)
                .map(Records.NodeRecord::paused)
                .orElse(false);
        membership = new PersistentNode(
                client,
                CreateMode.EPHEMERAL,
                false,
                ZkPaths.live(nodeName),
                Json.write(new Records.LiveRecord(
                        NodeState.Joining.name(), nodeHost, System.currentTimeMillis(), attributes)));
        membership.start();
        try {
            membership.waitForInitialCreate(connection.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Adds or replaces one membership attribute and republishes the record (issue 9: an SSO server advertises its
     * endpoint only once it can serve). Before {@link #start()} it only changes what start publishes.
     */
    public synchronized void putAttribute(String key, String value) {
        Map<String, String> next = new java.util.LinkedHashMap<>(attributes);
        next.put(key, value);
        attributes = Map.copyOf(next);
        if (lifecycle.get() == Lifecycle.STARTED && membership != null) {
            setMembership(state);
        }
    }

    synchronized void setMembership(NodeState newState) {
        try {
            byte[] data = Json.write(
                    new Records.LiveRecord(newState.name(), nodeHost, System.currentTimeMillis(), attributes));
            membership.setData(data); // what the node is re-created with on a new session
            // PersistentNode writes in the background; write now too, so the state is visible when this returns
            // (a node reported Up must not still read as Joining to an administrator).
            client.setData().forPath(ZkPaths.live(nodeName), data);
        } catch (Exception e) {
            log.info("MEMBERSHIP", null, null, 0, "Could not publish node state " + newState + ": " + e.getMessage());
        }
    }

    private void watchSpecs() {
        zk.createIfAbsent(ZkPaths.GROUP_SPECS, new byte[0]);
        specCache = CuratorCache.build(client, ZkPaths.GROUP_SPECS);
        specCache
                .listenable()
                .addListener(CuratorCacheListener.builder()
                        .forAll((type, oldData, data) -> {
                            if (!nodeManager.isShutdown()) {
                                nodeManager.execute(this::refreshSpecs);
                            }
                        })
                        .build());
        specCache.start();
    }

    private void watchMembership() {
        zk.createIfAbsent(ZkPaths.LIVE, new byte[0]);
        liveCache = CuratorCache.build(client, ZkPaths.LIVE);
        liveCache
                .listenable()
                .addListener(CuratorCacheListener.builder()
                        .forDeletes(data -> {
                            String gone =
                                    data.getPath().substring(data.getPath().lastIndexOf('/') + 1);
                            if (!gone.equals(nodeName) && !data.getPath().equals(ZkPaths.LIVE)) {
                                log.event(
                                        "WARN",
                                        Component.NM,
                                        EventId.NODE_REMOVED,
                                        "NODE_REMOVED",
                                        null,
                                        null,
                                        0,
                                        "Cluster node '" + gone
                                                + "' was removed from the active failover cluster membership.");
                            }
                        })
                        .build());
        liveCache.start();
    }

    /**
     * Reads every group definition and lets each controller reconcile. Node-manager thread. Each group is read on its
     * own: a definition that cannot be read is logged once and leaves that group as it is, and every other group is
     * still reconciled (issue 9 item 5).
     */
    void refreshSpecs() {
        if (lifecycle.get() != Lifecycle.STARTED) {
            return;
        }
        // From the watched cache, not ZooKeeper: this runs on every policy tick, and reads memory only.
        Set<String> seen = new HashSet<>();
        for (ChildData data : (Iterable<ChildData>) specCache.stream()::iterator) {
            String path = data.getPath();
            if (!path.startsWith(ZkPaths.GROUP_SPECS + "/") || data.getData() == null || data.getData().length == 0) {
                continue;
            }
            String group = path.substring(ZkPaths.GROUP_SPECS.length() + 1);
            seen.add(group); // an unreadable definition is not a deleted one: the group is not stopped for it
            specReader.read(group, data.getData()).ifPresent(spec -> {
                GroupController c = controllers.computeIfAbsent(group, g -> new GroupController(this, g));
                c.execute(() -> c.reconcile(Optional.of(spec)));
            });
        }
        for (GroupController c : controllers.values()) {
            if (!seen.contains(c.group())) {
                c.execute(() -> c.reconcile(Optional.empty()));
            }
        }
    }

    /** Group definitions refused as unreadable since this node started (each policy tick re-reads a bad one). */
    long unreadableSpecReads() {
        return specReader == null ? 0 : specReader.refusedReads();
    }

    private void tick() {
        // A throw out of a scheduleWithFixedDelay task cancels every later tick without a word: keep ticking, say why.
        try {
            policyTick();
        } catch (RuntimeException e) {
            LOG.error("Node '{}': policy tick failed; the next tick tries again", nodeName, e);
        }
    }

    private void policyTick() {
        refreshSpecs();
        // Requests are not polled here: persistent watches deliver them (issue 9 item 2).
        for (GroupController c : controllers.values()) {
            c.execute(c::policyTick);
        }
    }

    private void onConnectionState(ConnectionState s) {
        switch (s) {
            case SUSPENDED, LOST -> {
                // Curator's standard error policy: leadership ends the moment the connection is lost; stop every
                // owned group at once rather than wait for the latch to tell us (DESIGN.md decision 2).
                controllers.values().forEach(c -> {
                    GroupTerm t = c.term();
                    if (t != null) {
                        t.abort("ZooKeeper connection " + s);
                    }
                });
                log.event(
                        "WARN",
                        Component.NM,
                        EventId.INFO,
                        "CONNECTION_" + s,
                        null,
                        null,
                        0,
                        "Node '" + nodeName + "' lost its ZooKeeper connection (" + s + "); owned groups stopped");
            }
            case RECONNECTED -> {
                log.info("CONNECTION_RECONNECTED", null, null, 0, "Node '" + nodeName + "' reconnected to ZooKeeper");
                if (!nodeManager.isShutdown()) {
                    nodeManager.execute(this::refreshSpecs);
                }
            }
            default -> {}
        }
    }

    // ---- what controllers and terms need ----

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public String nodeHost() {
        return nodeHost;
    }

    @Override
    public Duration takeoverGuard() {
        return takeoverGuard;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ClusterLog log() {
        return log;
    }

    /** A hosted service's line in this node's cluster log; dropped before start (no log yet). */
    void logServiceEvent(String kind, String group, String message) {
        ClusterLog l = log;
        if (l != null) {
            try {
                l.event("INFO", Component.SVC, EventId.INFO, kind, group, null, 0, message);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: the line still went to Log4j
            }
        }
    }

    @Override
    public Zk zk() {
        return zk;
    }

    @Override
    public CuratorFramework client() {
        return client;
    }

    @Override
    public ScheduledExecutorService timers() {
        return timers;
    }

    ScheduledExecutorService nodeManager() {
        return nodeManager;
    }

    Map<String, GroupController> controllers() {
        return controllers;
    }

    @Override
    public Optional<ResourceType> resourceType(String name) {
        return Optional.ofNullable(types.get(name));
    }

    boolean isPaused() {
        return paused;
    }

    void setPaused(boolean value) {
        paused = value;
        state = value ? NodeState.Paused : NodeState.Up;
        setMembership(state);
    }

    @Override
    public boolean mayHost(GroupSpec spec) {
        if (lifecycle.get() != Lifecycle.STARTED
                || paused
                || !client.getZookeeperClient().isConnected()) {
            return false;
        }
        for (ResourceSpec r : spec.resources()) {
            if (!r.possibleOwners().isEmpty() && !r.possibleOwners().contains(nodeName)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Placement placement() {
        return placement;
    }

    public NodeState state() {
        return state;
    }

    /** Adds an observer of this node's view of every group; works before and after {@link #start()}. */
    public void addGroupObserver(GroupObserver observer) {
        observers.add(observer);
    }

    /** This node's view of every group it knows, by name, from memory. */
    public List<GroupObservation> observedGroups() {
        return GroupObservers.snapshot(controllers.values());
    }

    /** Who hears of changes of this node's view of its groups (each GroupController's GroupWatch tells them). */
    @Override
    public GroupObservers observers() {
        return observers;
    }

    public OptionalLong ownedEpoch(String group) {
        GroupController c = controllers.get(group);
        GroupTerm t = c == null ? null : c.term();
        return t != null && t.isCurrent() ? OptionalLong.of(t.epoch()) : OptionalLong.empty();
    }

    /** Leaves every election at once, terminating owned groups, then disconnects. Idempotent. */
    public void close() {
        if (lifecycle.getAndSet(Lifecycle.CLOSED) != Lifecycle.STARTED) {
            return;
        }
        state = NodeState.Down;
        nodeManager.shutdownNow();
        controllers.values().forEach(GroupController::close);
        closeQuietly(nodeRequestWatch);
        closeQuietly(specCache);
        closeQuietly(liveCache);
        closeQuietly(membership);
        log.event(
                "INFO",
                Component.NM,
                EventId.INFO,
                "NODE_DOWN",
                null,
                null,
                0,
                "Cluster node '" + nodeName + "' left the cluster.");
        log.close();
        timers.shutdownNow();
        client.close();
    }

    /**
     * Fault injection ({@link NodeFaults#crash}): stops this node as a process crash would. Resources are terminated
     * without Offline, nothing is handed over, and ZooKeeper expires the node's session on the server side (the
     * ephemeral membership and election znodes disappear as they do when a crashed node's session times out).
     */
    void crash() {
        if (lifecycle.getAndSet(Lifecycle.CLOSED) != Lifecycle.STARTED) {
            return;
        }
        state = NodeState.Down;
        nodeManager.shutdownNow();
        controllers.values().forEach(c -> {
            GroupTerm t = c.term();
            if (t != null) {
                t.abort("node crashed");
            }
        });
        log.close();
        SessionKiller.expire(client);
        controllers.values().forEach(GroupController::close);
        closeQuietly(membership); // else it re-creates itself on the client's next session, recursing in Curator
        closeQuietly(nodeRequestWatch);
        closeQuietly(specCache);
        closeQuietly(liveCache);
        timers.shutdownNow();
        client.close();
    }

    /** The node's current ZooKeeper handle ({@link NodeFaults#zooKeeperHandle}). */
    ZooKeeper zooKeeperHandle() {
        try {
            return client.getZookeeperClient().getZooKeeper();
        } catch (Exception e) {
            throw new IllegalStateException("No ZooKeeper handle: " + e.getMessage(), e);
        }
    }

    /** Expires this node's session server-side while it keeps running ({@link NodeFaults#expireSession}). */
    void expireSession() {
        if (lifecycle.get() == Lifecycle.STARTED) {
            SessionKiller.expire(client);
        }
    }

    /** Closes {@code c}; a failure is logged and closing the rest goes on (the node is going down either way). */
    private void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn(
                        "Node '{}': closing {} failed: {}",
                        nodeName,
                        c.getClass().getSimpleName(),
                        e.toString());
            }
        }
    }
}
