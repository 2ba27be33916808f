package org.entsso.cluster.internal.rhs;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.entsso.cluster.events.Component;
import org.entsso.cluster.events.EventId;
import org.entsso.cluster.internal.log.ClusterLog;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.ResourceState;

/**
 * The resource hosting side of one resource on the owning node (WSFC's RHS with a separate monitor): it runs every
 * call into the {@link ResourceInstance} on the resource's own thread, polls LooksAlive and IsAlive, and terminates
 * a call that outlives PendingTimeout (between progress reports) or DeadlockTimeout, replacing the hung thread.
 *
 * <p>States: Offline -> OnlinePending -> Online -> OfflinePending -> Offline, and Failed from any of them. Every
 * transition is logged as from -> to. Thread-safe: public methods may be called from any thread.
 */
public final class ResourceMonitor implements AutoCloseable {
    /** Receives the monitor's state changes and failures; called on the monitor's or the watchdog's thread. */
    public interface Listener {
        void stateChanged(ResourceMonitor monitor, ResourceState from, ResourceState to);

        void failed(ResourceMonitor monitor, String reason);
    }

    private final ResourceSpec spec;
    private final String typeName;
    private final Supplier<ResourceInstance> opener;
    private final ResourceContextImpl context;
    /** The term-liveness token: false once the ownership term that opened this monitor has ended (issue 9). */
    private final BooleanSupplier termLive;

    private final ScheduledExecutorService timers;
    private final Listener listener;
    private final ClusterLog log;
    private final Duration looksAlive;
    private final Duration isAlive;
    private final AtomicReference<ResourceState> state = new AtomicReference<>(ResourceState.Offline);
    private volatile String statusText = "";
    private volatile ExecutorService thread;
    private volatile ResourceInstance instance;
    /** The call in flight on the resource's thread; each call clears only itself (issue 9 item 4). */
    private final AtomicReference<Call> current = new AtomicReference<>();

    private ScheduledFuture<?> looksAliveTask;
    private ScheduledFuture<?> isAliveTask;
    private final ScheduledFuture<?> watchdog;

    public ResourceMonitor(
            ResourceSpec spec,
            String typeName,
            Supplier<ResourceInstance> opener,
            ResourceContextImpl context,
            BooleanSupplier termLive,
            Duration looksAlive,
            Duration isAlive,
            ScheduledExecutorService timers,
            Listener listener,
            ClusterLog log) {
        this.spec = spec;
        this.typeName = typeName;
        this.opener = opener;
        this.context = context;
        this.termLive = termLive;
        this.looksAlive = looksAlive;
        this.isAlive = isAlive;
        this.timers = timers;
        this.listener = listener;
        this.log = log;
        this.thread = newThread();
        context.onPending(this::progress);
        context.onFailure(reason -> fail("the resource reported a failure: " + reason));
        this.watchdog = timers.scheduleWithFixedDelay(this::checkWatchdog, 50, 50, TimeUnit.MILLISECONDS);
    }

    public String name() {
        return spec.name();
    }

    public String typeName() {
        return typeName;
    }

    public ResourceSpec spec() {
        return spec;
    }

    public ResourceState state() {
        return state.get();
    }

    public String statusText() {
        return statusText;
    }

    public ResourceContextImpl context() {
        return context;
    }

    /**
     * Opens the instance now, on the resource's own thread (WSFC "Open", which {@code ResourceType.open} documents as
     * called when the node takes the group, before Online): a type prepares there what does not need its
     * dependencies, while they come online (issue 14). Queued before any Online, which then uses this instance; a
     * failure here is only logged, and Online opens again and reports its own failure.
     */
    public void open() {
        ExecutorService t = thread;
        if (t.isShutdown()) {
            return;
        }
        t.execute(() -> {
            if (instance != null || !termLive.getAsBoolean()) {
                return;
            }
            try {
                instance = opener.get();
            } catch (RuntimeException e) {
                log.info(
                        "RESOURCE_OPEN",
                        context.groupName(),
                        spec.name(),
                        context.epoch(),
                        "Resource '" + spec.name() + "' could not be opened ahead of Online: " + messageOf(e));
            }
        });
    }

    /** Brings the resource online; the future completes with true when Online, false when it failed. */
    public CompletableFuture<Boolean> online() {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        if (!transition(ResourceState.Offline, ResourceState.OnlinePending)
                && !transition(ResourceState.Failed, ResourceState.OnlinePending)) {
            result.complete(state.get() == ResourceState.Online);
            return result;
        }
        statusText = "";
        submit("Online", spec.properties().effectivePendingTimeout(), result, call -> {
            // Checked here, on the resource's own thread, not by the caller: an abort that lands between the RCM
            // thread's isCurrent() and this call must not leave a resource online in an ended term (issue 9 item 3).
            if (!termLive.getAsBoolean() || state.get() != ResourceState.OnlinePending) {
                result.complete(false);
                return;
            }
            if (instance == null) {
                instance = opener.get();
            }
            instance.online();
            if (!call.isCurrent(current)) {
                result.complete(false); // timed out: the watchdog failed it, and what follows is the next call's
            } else if (transition(ResourceState.OnlinePending, ResourceState.Online)) {
                startHealthPolling();
                result.complete(true);
            } else {
                // Terminated (the term ended) while Online ran: stop what it started, nobody else will.
                terminateOnly();
                result.complete(false);
            }
        });
        return result;
    }

    /** Takes the resource offline gracefully; completes when Offline (or Failed if Offline itself failed). */
    public CompletableFuture<Boolean> offline() {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        stopHealthPolling();
        ResourceState now = state.get();
        if (now == ResourceState.Offline || now == ResourceState.Failed) {
            transition(ResourceState.Failed, ResourceState.Offline);
            result.complete(true);
            return result;
        }
        if (!transition(ResourceState.Online, ResourceState.OfflinePending)) {
            terminate("Offline requested while " + now);
            result.complete(true);
            return result;
        }
        submit("Offline", spec.properties().effectivePendingTimeout(), result, call -> {
            instance.offline();
            if (call.isCurrent(current)) {
                transition(ResourceState.OfflinePending, ResourceState.Offline);
            }
            result.complete(true);
        });
        return result;
    }

    /** Stops the resource at once without cleanup (WSFC Terminate); the state becomes Offline. */
    public void terminate(String reason) {
        stopHealthPolling();
        terminateInstance();
        ResourceState from = state.getAndSet(ResourceState.Offline);
        if (from != ResourceState.Offline) {
            log.info(
                    kind(from, ResourceState.Offline),
                    context.groupName(),
                    spec.name(),
                    context.epoch(),
                    "Resource '" + spec.name() + "' terminated (" + reason + "): " + from + " -> Offline");
            listener.stateChanged(this, from, ResourceState.Offline);
        }
    }

    /** Marks the resource Failed, terminates it and tells the listener (which applies the restart policy). */
    public void fail(String reason) {
        ResourceState from = state.get();
        if (from == ResourceState.Failed || from == ResourceState.Offline) {
            return;
        }
        stopHealthPolling();
        terminateInstance();
        if (state.compareAndSet(from, ResourceState.Failed)) {
            statusText = reason;
            log.event(
                    "ERR",
                    Component.RCM,
                    EventId.RESOURCE_FAILED,
                    "RESOURCE_FAILED",
                    context.groupName(),
                    spec.name(),
                    context.epoch(),
                    "Cluster resource '" + spec.name() + "' of type '" + typeName + "' in clustered role '"
                            + context.groupName() + "' failed: " + reason);
            listener.stateChanged(this, from, ResourceState.Failed);
            listener.failed(this, reason);
        }
    }

    /** Terminates if needed, closes the instance and stops the monitor's threads. Idempotent. */
    @Override
    public void close() {
        watchdog.cancel(false);
        stopHealthPolling();
        if (state.get() != ResourceState.Offline && state.get() != ResourceState.Failed) {
            terminateInstance();
        }
        ResourceInstance i = instance;
        instance = null;
        if (i != null) {
            try {
                i.close();
            } catch (RuntimeException e) {
                log.info(
                        "RESOURCE_CLOSE",
                        context.groupName(),
                        spec.name(),
                        context.epoch(),
                        "Resource '" + spec.name() + "' failed to close: " + e.getMessage());
            }
        }
        thread.shutdownNow();
    }

    private boolean transition(ResourceState from, ResourceState to) {
        if (!state.compareAndSet(from, to)) {
            return false;
        }
        log.info(
                kind(from, to),
                context.groupName(),
                spec.name(),
                context.epoch(),
                "Resource '" + spec.name() + "' state change: " + from + " -> " + to);
        listener.stateChanged(this, from, to);
        return true;
    }

    /** RESOURCE_ONLINE and RESOURCE_DOWN bracket the time a resource was really online on this node. */
    private static String kind(ResourceState from, ResourceState to) {
        if (to == ResourceState.Online) {
            return "RESOURCE_ONLINE";
        }
        return from == ResourceState.Online || from == ResourceState.OfflinePending
                ? "RESOURCE_DOWN"
                : "RESOURCE_STATE";
    }

    private void terminateInstance() {
        terminateOnly();
        Call call = current.get();
        if (call != null && call.thread != Thread.currentThread()) {
            Future<?> f = call.future;
            if (f != null) {
                f.cancel(true);
            }
            call.result.complete(false);
        }
    }

    private void terminateOnly() {
        ResourceInstance i = instance;
        if (i != null) {
            try {
                i.terminate();
            } catch (RuntimeException e) {
                statusText = "terminate failed: " + e.getMessage();
            }
        }
    }

    /** A call's work on the resource's thread; it receives its own {@link Call} to tell whether it still counts. */
    @FunctionalInterface
    private interface Body {
        void run(Call call);
    }

    private void submit(String what, Duration budget, CompletableFuture<Boolean> result, Body body) {
        Call call = new Call(what, budget, result);
        call.future = thread.submit(() -> {
            call.thread = Thread.currentThread();
            current.set(call);
            try {
                body.run(call);
            } catch (RuntimeException e) {
                if (!result.isDone()) {
                    if (call.isCurrent(current)) {
                        fail(what + " failed: " + messageOf(e));
                    }
                    result.complete(false);
                }
            } finally {
                // Only our own call: a hung call that returns after the watchdog replaced its thread must not erase
                // the next call's tracking, or PendingTimeout and DeadlockTimeout stop applying to it (issue 9 item 4).
                current.compareAndSet(call, null);
            }
        });
    }

    private void startHealthPolling() {
        synchronized (this) {
            stopHealthPolling();
            long la = Math.max(1, looksAlive.toMillis());
            long ia = Math.max(1, isAlive.toMillis());
            looksAliveTask = timers.scheduleWithFixedDelay(() -> check(false), la, la, TimeUnit.MILLISECONDS);
            isAliveTask = timers.scheduleWithFixedDelay(() -> check(true), ia, ia, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void stopHealthPolling() {
        if (looksAliveTask != null) {
            looksAliveTask.cancel(false);
            isAliveTask.cancel(false);
            looksAliveTask = null;
            isAliveTask = null;
        }
    }

    private void check(boolean full) {
        if (state.get() != ResourceState.Online || current.get() != null) {
            return;
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        submit(full ? "IsAlive" : "LooksAlive", spec.properties().deadlockTimeout(), done, call -> {
            ResourceInstance i = instance;
            if (i == null || state.get() != ResourceState.Online) {
                done.complete(true);
                return;
            }
            // A FALSE LooksAlive makes the monitor call IsAlive immediately (anchors/wsfc.md §1.3).
            boolean alive = full ? i.isAlive() : (i.looksAlive() || i.isAlive());
            done.complete(alive);
            if (!alive && call.isCurrent(current) && state.get() == ResourceState.Online) {
                fail((full ? "IsAlive" : "LooksAlive and IsAlive") + " reported the resource is not alive");
            }
        });
    }

    private void progress(String status) {
        statusText = status;
        Call call = current.get();
        if (call != null) {
            call.lastProgress = System.nanoTime();
        }
    }

    private void checkWatchdog() {
        Call call = current.get();
        if (call == null) {
            return;
        }
        long elapsed = System.nanoTime() - call.lastProgress;
        long total = System.nanoTime() - call.started;
        boolean pendingExpired = elapsed > call.budget.toNanos();
        boolean deadlocked = total > spec.properties().deadlockTimeout().toNanos();
        if (!pendingExpired && !deadlocked || !current.compareAndSet(call, null)) {
            return; // in time, or the call ended meanwhile
        }
        String reason = call.what + (deadlocked ? " exceeded DeadlockTimeout (" : " exceeded PendingTimeout (")
                + (deadlocked ? spec.properties().deadlockTimeout() : call.budget).toMillis() + " ms)";
        log.event(
                "ERR",
                Component.RHS,
                EventId.RESOURCE_TIMEOUT,
                "RESOURCE_TIMEOUT",
                context.groupName(),
                spec.name(),
                context.epoch(),
                "Cluster resource '" + spec.name() + "' " + reason
                        + "; it is terminated and moved to a separate monitor thread");
        ExecutorService hung = thread;
        thread = newThread(); // the hung call keeps its thread; new calls get a fresh one
        Future<?> f = call.future;
        if (f != null) {
            f.cancel(true);
        }
        hung.shutdownNow();
        fail(reason);
        call.result.complete(false);
    }

    private ExecutorService newThread() {
        String name = "rhs-" + context.groupName() + "-" + spec.name() + "@" + context.nodeName();
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    public static String messageOf(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** One call in flight into the instance, watched for PendingTimeout and DeadlockTimeout. */
    private static final class Call {
        final String what;
        final Duration budget;
        final CompletableFuture<Boolean> result;
        final long started = System.nanoTime();
        volatile long lastProgress = started;
        volatile Future<?> future;
        volatile Thread thread;

        Call(String what, Duration budget, CompletableFuture<Boolean> result) {
            this.what = what;
            this.budget = budget;
            this.result = result;
        }

        /** Whether this call is still the tracked one (not timed out and replaced by the watchdog). */
        boolean isCurrent(AtomicReference<Call> tracked) {
            return tracked.get() == this;
        }
    }
}
