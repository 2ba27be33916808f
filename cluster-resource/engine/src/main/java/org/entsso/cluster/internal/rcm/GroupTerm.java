package org.entsso.cluster.internal.rcm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.entsso.cluster.events.Component;
import org.entsso.cluster.events.EventId;
import org.entsso.cluster.group.DependencyExpression;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.internal.ownership.Fence;
import org.entsso.cluster.internal.ownership.Term;
import org.entsso.cluster.internal.rhs.ResourceContextImpl;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.ResourceState;
import org.entsso.cluster.resource.ResourceView;

/**
 * One ownership term of a group on this node: WSFC's resource control manager for the group while this node owns
 * it. It brings resources online in dependency order and offline in reverse, applies the restart policy, fails the
 * group over or leaves it Failed per the failover policy, retries after RetryPeriodOnFailure, fails back, and
 * publishes the group's status. Every ZooKeeper write is fenced by the term's epoch.
 *
 * <p>Everything except {@link #abort} runs on the group's RCM thread; {@link #abort} may be called from any thread
 * and stops the resources at once (SUSPENDED must stop leader-only work immediately).
 *
 * <p>What the resources publish, and its withdrawal, is in {@link TermPublications}; still over 500 lines
 * (STYLE.md), the next cut is status publishing with the monitor listener.
 */
public final class GroupTerm implements Term {
    private final NodeContext node;
    private final GroupController controller;
    private final ExecutorService rcm;
    private final Fence fence;
    private final AtomicBoolean current = new AtomicBoolean(true);
    /** Whether this term began with a failover; published with every status (GroupWatch counts it). */
    private final boolean failover;
    /**
     * Built once by {@link #start} and published whole: {@link #abort} reads it from other threads (issue 9 item 3),
     * so it is never a map that one thread fills while another iterates it.
     */
    private volatile Map<String, ResourceMonitor> monitors = Map.of();

    private final TermPolicy policy;
    private final AtomicBoolean statusDirty = new AtomicBoolean();
    private final TermPublications publications;
    private GroupSpec spec;
    private Records.Intent intent;
    private boolean antiAffinityConflict;
    /** False while the takeover guard delays the start: requests and policies wait until the resources exist. */
    private boolean started;

    private final List<Runnable> afterReply = new ArrayList<>();
    /**
     * The resources' checkpoints as read when the term began (one round trip for all of them on a failover's path),
     * restored before Open so that a type may prepare from them there; each serves its resource's first Online, and
     * later Onlines read ZooKeeper, since the term may have saved since. RCM thread.
     */
    private final Map<String, Optional<byte[]>> checkpointsRead = new HashMap<>();
    /** The resources whose checkpoint was restored at Open for their first Online (RCM thread). */
    private final Set<String> restoredAtOpen = new HashSet<>();

    GroupTerm(
            NodeContext node,
            GroupController controller,
            ExecutorService rcm,
            GroupSpec spec,
            Fence fence,
            Records.Intent intent,
            boolean failover,
            Map<String, Optional<byte[]>> checkpoints) {
        this.node = node;
        this.checkpointsRead.putAll(checkpoints);
        this.failover = failover;
        this.controller = controller;
        this.rcm = rcm;
        this.spec = spec;
        this.fence = fence;
        this.intent = intent;
        this.policy = new TermPolicy(this, node, controller, rcm);
        this.publications = new TermPublications(
                node,
                spec.name(),
                fence,
                rcm,
                e -> {
                    if (isCurrent()) {
                        abort("another node took the group (" + e.getMessage() + ")");
                        controller.endTerm(this, false);
                    }
                },
                (resource, why) -> {
                    ResourceMonitor m = monitors.get(resource);
                    if (m != null && isCurrent()) {
                        m.context().signalFailure(why);
                    }
                });
    }

    @Override
    public long epoch() {
        return fence.epoch();
    }

    @Override
    public boolean isCurrent() {
        return current.get();
    }

    @Override
    public Fence fence() {
        return fence;
    }

    String group() {
        return spec.name();
    }

    GroupSpec spec() {
        return spec;
    }

    /**
     * Opens the monitors and, if the group's persistent state is online, brings it online; {@code takeover} says where
     * the takeover's time went before (empty: nothing to say), for the OWNERSHIP line.
     */
    void start(boolean antiAffinityBlocked, String takeover) {
        long opening = System.nanoTime();
        started = true;
        Map<String, ResourceMonitor> opened = new LinkedHashMap<>();
        for (ResourceSpec r : spec.resources()) {
            opened.put(r.name(), newMonitor(r));
        }
        monitors = Collections.unmodifiableMap(opened);
        if (!isCurrent()) {
            // abort() ran before the monitors were published: it could not stop them, so stop them here.
            opened.values().forEach(m -> m.terminate("the ownership term ended while it started"));
            return;
        }
        antiAffinityConflict = antiAffinityBlocked;
        // Every resource is opened at once, each on its own thread, so what a type prepares in Open (from its
        // checkpoint, restored first) overlaps the Online of the resources it depends on.
        opened.values().forEach(m -> {
            if (checkpointsRead.containsKey(m.name())) {
                restore(m, checkpointsRead.remove(m.name()));
                restoredAtOpen.add(m.name());
            }
        });
        opened.values().forEach(ResourceMonitor::open);
        node.log()
                .event(
                        "INFO",
                        Component.GUM,
                        EventId.INFO,
                        "OWNERSHIP",
                        group(),
                        null,
                        epoch(),
                        "Node '" + node.nodeName() + "' owns group '" + group() + "' with epoch " + epoch()
                                + (takeover.isEmpty()
                                        ? ""
                                        : " (" + takeover + ", resources opened "
                                                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opening)
                                                + " ms)"));
        publishStatus();
        if (intent.online() && !antiAffinityConflict) {
            bringOnline();
        }
    }

    private ResourceMonitor newMonitor(ResourceSpec r) {
        var type = node.resourceType(r.type());
        ResourceContextImpl ctx = new ResourceContextImpl(
                r.name(),
                group(),
                node.nodeName(),
                node.nodeHost(),
                r.parameters(),
                this,
                () -> dependencyViews(r),
                node.clock());
        var la = r.properties().looksAlivePollInterval();
        var ia = r.properties().isAlivePollInterval();
        return new ResourceMonitor(
                r,
                type.map(t -> t.name()).orElse(r.type()),
                () -> type.orElseThrow(() -> new IllegalStateException(
                                "Resource type '" + r.type() + "' is not registered on node '" + node.nodeName() + "'"))
                        .open(ctx),
                ctx,
                this::isCurrent,
                la != null ? la : type.map(t -> t.looksAlivePollInterval()).orElse(Duration.ofSeconds(5)),
                ia != null ? ia : type.map(t -> t.isAlivePollInterval()).orElse(Duration.ofSeconds(60)),
                node.timers(),
                new MonitorListener(),
                node.log());
    }

    /** Brings online, in dependency order, every resource not stopped by an administrator whose dependencies hold. */
    void bringOnline() {
        if (!isCurrent()) {
            return;
        }
        boolean attempted = false;
        for (String name : spec.onlineOrder()) {
            ResourceMonitor m = monitors.get(name);
            if (!isCurrent()) {
                return;
            }
            if (intent.offlineResources().contains(name) || m.state() == ResourceState.Online) {
                continue;
            }
            if (m.state() == ResourceState.Failed && policy.waitsForRetry(name)) {
                continue; // waits for RetryPeriodOnFailure or a clear
            }
            DependencyExpression deps = DependencyExpression.parse(m.spec().dependencies());
            if (!deps.isSatisfied(d -> monitors.get(d).state() == ResourceState.Online)) {
                continue;
            }
            restoreCheckpoint(m);
            m.online().join();
            attempted = true;
        }
        publishStatusNow();
        if (!attempted) {
            return; // nothing was brought online (e.g. Start-ClusterGroup on an Online group): nothing to report
        }
        GroupState state = groupState();
        if (state == GroupState.Online) {
            node.log()
                    .event(
                            "INFO",
                            Component.RCM,
                            EventId.GROUP_ONLINE,
                            "GROUP_ONLINE",
                            group(),
                            null,
                            epoch(),
                            "The Cluster service successfully brought the clustered role '" + group()
                                    + "' online on node '" + node.nodeName() + "'.");
        } else if (state == GroupState.Failed) {
            node.log()
                    .event(
                            "ERR",
                            Component.RCM,
                            EventId.GROUP_FAILED,
                            "GROUP_FAILED",
                            group(),
                            null,
                            epoch(),
                            "The Cluster service failed to bring clustered role '" + group()
                                    + "' completely online or offline. One or more resources may be in a failed state.");
        }
    }

    private void restoreCheckpoint(ResourceMonitor m) {
        if (restoredAtOpen.remove(m.name())) {
            return; // its first Online: restored from the term's start at Open
        }
        restore(m, node.zk().read(ZkPaths.checkpoint(group(), m.name())).map(Zk.Versioned::data));
    }

    private void restore(ResourceMonitor m, Optional<byte[]> read) {
        read.ifPresent(data -> {
            m.context().restore(data);
            node.log()
                    .info(
                            "CHECKPOINT_RESTORED",
                            group(),
                            m.name(),
                            epoch(),
                            "Restored checkpoint of resource '" + m.name() + "' (" + data.length + " bytes)");
        });
    }

    /** Takes every resource offline, dependents first. */
    void takeOffline() {
        takeOffline(false);
    }

    /**
     * Takes every resource offline, dependents first; when {@code leaving} (a handover: the term ends right after), the
     * last status is written without waiting for ZooKeeper's answer, since nothing this term does waits on it.
     */
    private void takeOffline(boolean leaving) {
        List<String> order = new ArrayList<>(spec.onlineOrder());
        Collections.reverse(order);
        if (leaving) {
            publications.handingOver();
        }
        List<String> withdrawn = List.of();
        try {
            for (String name : order) {
                ResourceMonitor m = monitors.get(name);
                if (m.state() != ResourceState.Offline) {
                    m.offline().join();
                }
            }
        } finally {
            if (leaving) {
                withdrawn = publications.handedOver();
            }
        }
        if (leaving) {
            leaveInBackground(withdrawn);
        } else {
            publishStatusNow();
        }
    }

    /** Takes {@code resource} offline after every resource that depends on it. */
    void takeOffline(String resource) {
        Set<String> dependents = losingDependents(resource);
        List<String> order = new ArrayList<>(spec.onlineOrder());
        Collections.reverse(order);
        for (String name : order) {
            if (name.equals(resource) || dependents.contains(name)) {
                monitors.get(name).offline().join();
            }
        }
        publishStatusNow();
    }

    /** The online resources that go down with {@code resource} ({@link DependentsClosure}). */
    Set<String> losingDependents(String resource) {
        return DependentsClosure.losing(resource, monitors);
    }

    /**
     * Hands the group to {@code target}: record the target, offline here (dependents first), end the term. The target
     * is recorded first so that the other participants ahead of it in the election step behind it while the resources
     * go offline (GroupController), and the target leads as soon as this node leaves.
     */
    void handOver(String target, String reason) {
        if (!isCurrent()) {
            return;
        }
        String move = UUID.randomUUID().toString();
        fence.put(ZkPaths.target(group()), Json.write(new Records.Target(target, reason, move)));
        node.log()
                .event(
                        "INFO",
                        Component.RCM,
                        EventId.GROUP_MOVE,
                        "GROUP_MOVE",
                        group(),
                        null,
                        epoch(),
                        "Clustered role '" + group() + "' is moving from cluster node '" + node.nodeName()
                                + "' to cluster node '" + target + "' (" + reason + ").");
        // Still serving: the target prepares meanwhile, so that the pause carries none of its first-use costs; and
        // the participants ahead of it in the election step behind it, which is checked meanwhile as well.
        CompletableFuture<Void> nextInLine = controller.nextInLine(target);
        controller.awaitTargetReady(target, move, epoch());
        if (!isCurrent()) {
            return;
        }
        long start = System.nanoTime();
        takeOffline(true);
        long offline = System.nanoTime();
        GroupElection.awaitNext(nextInLine);
        long inLine = System.nanoTime();
        controller.endTerm(this, true);
        long left = System.nanoTime();
        node.log()
                .info(
                        "HANDOVER",
                        group(),
                        null,
                        epoch(),
                        "Group '" + group() + "' went offline on node '" + node.nodeName() + "' and left the election"
                                + " to node '" + target + "' in " + millis(left - start) + " ms (resources offline "
                                + millis(offline - start) + " ms, election order " + millis(inLine - offline)
                                + " ms, term ended " + millis(left - inLine) + " ms)");
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /**
     * Runs {@code action} once the current request's result is recorded, so a move is answered by the owner that
     * accepted it and never replayed by the next owner.
     */
    void afterReply(Runnable action) {
        afterReply.add(action);
    }

    /** The actions deferred by {@link #afterReply}, cleared. */
    List<Runnable> drainAfterReply() {
        List<Runnable> actions = new ArrayList<>(afterReply);
        afterReply.clear();
        return actions;
    }

    boolean started() {
        return started;
    }

    /** Time-based policies: RetryPeriodOnFailure, the anti-affinity re-check, failback. RCM thread. */
    void policyTick() {
        if (!isCurrent() || !started) {
            return;
        }
        Instant now = node.clock().instant();
        boolean retry = policy.retryDue(now);
        if (antiAffinityConflict && !node.placement().antiAffinityBlocks(spec)) {
            antiAffinityConflict = false;
            retry = true;
        }
        if (retry && intent.online()) {
            bringOnline();
        }
        policy.checkFailback(now);
    }

    /** Carries out an administrator's request; returns the message for its result. */
    String handle(Records.Request request) {
        return new TermRequests(this, node, controller).handle(request);
    }

    Map<String, ResourceMonitor> monitors() {
        return monitors;
    }

    Records.Intent intent() {
        return intent;
    }

    void setIntent(Records.Intent newIntent) {
        fence.put(ZkPaths.intent(group()), Json.write(newIntent));
        intent = newIntent;
    }

    void clearFailure(String resource) {
        policy.clear(resource);
        ResourceMonitor m = monitors.get(resource);
        if (m.state() == ResourceState.Failed) {
            m.offline().join();
        }
    }

    /** Replaces the definition while owning the group (properties take effect on the next transition). */
    void updateSpec(GroupSpec newSpec) {
        var addedOrRemoved = ResourceSetChange.between(spec, newSpec, monitors);
        if (started && addedOrRemoved.isPresent()) {
            applyResourceSetChange(newSpec, addedOrRemoved.get());
            return;
        }
        if (!newSpec.resources().stream()
                        .map(ResourceSpec::name)
                        .toList()
                        .equals(spec.resources().stream()
                                .map(ResourceSpec::name)
                                .toList())
                || !sameResources(newSpec)) {
            // Resources changed: a simple, safe rule is to hand over to ourselves (end the term and re-own).
            spec = newSpec;
            takeOffline();
            controller.endTerm(this, false);
            return;
        }
        spec = newSpec;
    }

    private boolean sameResources(GroupSpec newSpec) {
        for (ResourceSpec r : newSpec.resources()) {
            ResourceSpec old = spec.resource(r.name()).orElse(null);
            if (old == null || !ResourceSetChange.sameBehaviour(old, r)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Add-/Remove-ClusterResource while the group runs (anchors/wsfc.md §4): an added resource gets a monitor and
     * stays Offline, also across moves (it joins the administrator-stopped resources, WSFC's persistent state), until
     * Start-ClusterResource or Start-ClusterGroup; a removed one, Offline or Failed, loses its monitor and policy.
     */
    private void applyResourceSetChange(GroupSpec newSpec, ResourceSetChange change) {
        Map<String, ResourceMonitor> next = new LinkedHashMap<>();
        for (ResourceSpec r : newSpec.resources()) {
            ResourceMonitor m = monitors.get(r.name());
            next.put(r.name(), m != null ? m : newMonitor(r));
        }
        Map<String, ResourceMonitor> old = monitors;
        spec = newSpec;
        monitors = Collections.unmodifiableMap(next);
        for (String name : change.removed()) {
            policy.clear(name);
            old.get(name).close();
        }
        List<String> stopped = new ArrayList<>(intent.offlineResources());
        stopped.removeAll(change.removed());
        stopped.addAll(change.added());
        try {
            setIntent(new Records.Intent(intent.online(), stopped));
        } catch (Fence.FencedException e) {
            abort("another node took the group (" + e.getMessage() + ")");
            controller.endTerm(this, false);
            return;
        }
        node.log()
                .info(
                        "RESOURCES_CHANGED",
                        group(),
                        null,
                        epoch(),
                        "Group '" + group() + "': resources added " + change.added() + ", removed " + change.removed());
        publishStatusNow();
    }

    /** Ends the term at once (leadership lost, SUSPENDED): terminates every resource; safe from any thread. */
    public void abort(String reason) {
        if (!current.compareAndSet(true, false)) {
            return;
        }
        node.log()
                .event(
                        "WARN",
                        Component.GUM,
                        EventId.INFO,
                        "TERM_ABORTED",
                        group(),
                        null,
                        epoch(),
                        "Node '" + node.nodeName() + "' stops acting for group '" + group() + "' (epoch " + epoch()
                                + "): " + reason);
        monitors.values().forEach(m -> m.terminate(reason));
    }

    /** Ends the term after a graceful handover or stop; releases the monitors. */
    void close() {
        current.set(false);
        publications.unregisterAll();
        monitors.values().forEach(ResourceMonitor::close);
    }

    @Override
    public void registerName(String resource, String name, Map<String, String> data) {
        publications.registerName(resource, name, data);
    }

    @Override
    public void publishAs(String resource, String name, Map<String, String> data) {
        publications.publishAs(resource, name, data);
    }

    @Override
    public void publish(String resource, Map<String, String> data) {
        publications.publish(resource, data);
    }

    GroupState groupState() {
        if (!started) {
            return GroupState.Pending; // the takeover guard delays the start
        }
        if (antiAffinityConflict) {
            return GroupState.AntiAffinityConflict;
        }
        List<ResourceState> states =
                monitors.values().stream().map(ResourceMonitor::state).toList();
        return GroupState.derive(states);
    }

    private List<ResourceView> dependencyViews(ResourceSpec r) {
        List<ResourceView> views = new ArrayList<>();
        for (String d : DependencyExpression.parse(r.dependencies()).names()) {
            ResourceMonitor m = monitors.get(d);
            // What the dependency published in this term, from memory: a failover's chain of Onlines then reads
            // nothing back from ZooKeeper (issue 14). Anything else (an earlier term's data) is read as before.
            Map<String, String> published = publications
                    .publishedBy(d)
                    .orElseGet(() -> node.zk()
                            .readJson(ZkPaths.published(group(), d), Map.class)
                            .map(GroupTerm::strings)
                            .orElse(Map.of()));
            views.add(new ResourceView(d, m.typeName(), m.state(), m.spec().parameters(), published));
        }
        return views;
    }

    private static Map<String, String> strings(Map<?, ?> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }

    /** Coalesces status writes: many state changes, one write on the RCM thread. */
    private void publishStatus() {
        if (statusDirty.compareAndSet(false, true)) {
            rcm.execute(this::publishStatusNow);
        }
    }

    /** The status a term starts with, before its resources are opened: what {@link #publishStatusNow} writes then. */
    static Records.GroupStatus pendingStatus(String owner, long epoch, boolean failover) {
        return new Records.GroupStatus(
                owner, epoch, GroupState.Pending.name(), Map.of(), System.currentTimeMillis(), failover);
    }

    void publishStatusNow() {
        statusDirty.set(false);
        if (!isCurrent()) {
            return;
        }
        Records.GroupStatus status = status();
        try {
            fence.put(ZkPaths.status(group()), Json.write(status));
        } catch (Fence.FencedException e) {
            abort("another node took the group (" + e.getMessage() + ")");
            controller.endTerm(this, false);
        } catch (RuntimeException e) {
            node.log()
                    .info(
                            "STATUS",
                            group(),
                            null,
                            epoch(),
                            "Could not publish the status of group '" + group() + "': " + e.getMessage());
        }
    }

    private Records.GroupStatus status() {
        Map<String, Records.ResourceStatus> resources = new LinkedHashMap<>();
        monitors.forEach((name, m) ->
                resources.put(name, new Records.ResourceStatus(m.state().name(), m.typeName(), m.statusText())));
        return new Records.GroupStatus(
                node.nodeName(), epoch(), groupState().name(), resources, System.currentTimeMillis(), failover);
    }

    /**
     * A handover's last writes, without waiting for ZooKeeper's answers: what the resources withdrew and the term's last
     * status, fenced, queued before the election's release (ZooKeeper applies a session's requests in order, so the
     * target finds them done when it leads). One round trip in all rather than one per resource on the move's pause
     * (issue 14). What fails is said at INFO and left to the next owner, which overwrites it.
     */
    private void leaveInBackground(List<String> withdrawals) {
        statusDirty.set(false);
        if (!isCurrent()) {
            return;
        }
        fence.leaveInBackground(
                withdrawals,
                new Fence.Put(ZkPaths.status(group()), Json.write(status()), false),
                why -> node.log()
                        .info(
                                "STATUS",
                                group(),
                                null,
                                epoch(),
                                "Could not withdraw what the resources of group '" + group()
                                        + "' published, or publish its last status: " + why));
    }

    /** Forwards monitor callbacks onto the RCM thread. */
    private final class MonitorListener implements ResourceMonitor.Listener {
        @Override
        public void stateChanged(ResourceMonitor monitor, ResourceState from, ResourceState to) {
            if (to == ResourceState.Offline && from != ResourceState.Failed && isCurrent()) {
                publications.withdraw(monitor.name(), epoch());
            }
            publishStatus();
        }

        @Override
        public void failed(ResourceMonitor monitor, String reason) {
            rcm.execute(() -> policy.onFailed(monitor, reason));
        }
    }
}
