package org.entsso.cluster.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.entsso.cluster.events.Component;
import org.entsso.cluster.events.EventId;
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
final class ResourceMonitor implements AutoCloseable {
    /** Receives the monitor's state changes and failures; called on the monitor's or the watchdog's thread. */
    interface Listener {
        void stateChanged(ResourceMonitor monitor, ResourceState from, ResourceState to);

        void failed(ResourceMonitor monitor, String reason);
    }

    private final ResourceSpec spec;
    private final String typeName;
    private final Supplier<ResourceInstance> opener;
    private final ResourceContextImpl context;
    private final ScheduledExecutorService timers;
    private final Listener listener;
    private final ClusterLog log;
    private final Duration looksAlive;
    private final Duration isAlive;
    private final AtomicReference<ResourceState> state = new AtomicReference<>(ResourceState.Offline);
    private volatile String statusText = "";
    private volatile ExecutorService thread;
    private volatile ResourceInstance instance;
    private volatile Call current;
    private ScheduledFuture<?> looksAliveTask;
    private ScheduledFuture<?> isAliveTask;
    private final ScheduledFuture<?> watchdog;

    ResourceMonitor(
            ResourceSpec spec,
            String typeName,
            Supplier<ResourceInstance> opener,
            ResourceContextImpl context,
            Duration looksAlive,
            Duration isAlive,
            ScheduledExecutorService timers,
            Listener listener,
            ClusterLog log) {
        this.spec = spec;
        this.typeName = typeName;
        this.opener = opener;
        this.context = context;
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

    String name() {
        return spec.name();
    }

    String typeName() {
        return typeName;
    }

    ResourceSpec spec() {
        return spec;
    }

    ResourceState state() {
        return state.get();
    }

    String statusText() {
        return statusText;
    }

    ResourceContextImpl context() {
        return context;
    }

    /** Brings the resource online; the future completes with true when Online, false when it failed. */
    CompletableFuture<Boolean> online() {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        if (!transition(ResourceState.Offline, ResourceState.OnlinePending)
                && !transition(ResourceState.Failed, ResourceState.OnlinePending)) {
            result.complete(state.get() == ResourceState.Online);
            return result;
        }
        statusText = "";
        submit("Online", spec.properties().effectivePendingTimeout(), result, () -> {
            if (instance == null) {
                instance = opener.get();
            }
            instance.online();
            if (transition(ResourceState.OnlinePending, ResourceState.Online)) {
                startHealthPolling();
                result.complete(true);
            } else {
                result.complete(false);
            }
        });
        return result;
    }

    /** Takes the resource offline gracefully; completes when Offline (or Failed if Offline itself failed). */
    CompletableFuture<Boolean> offline() {
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
        submit("Offline", spec.properties().effectivePendingTimeout(), result, () -> {
            instance.offline();
            transition(ResourceState.OfflinePending, ResourceState.Offline);
            result.complete(true);
        });
        return result;
    }

    /** Stops the resource at once without cleanup (WSFC Terminate); the state becomes Offline. */
    void terminate(String reason) {
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
    void fail(String reason) {
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
        ResourceInstance i = instance;
        if (i != null) {
            try {
                i.terminate();
            } catch (RuntimeException e) {
                statusText = "terminate failed: " + e.getMessage();
            }
        }
        Call call = current;
        if (call != null && call.thread != Thread.currentThread()) {
            Future<?> f = call.future;
            if (f != null) {
                f.cancel(true);
            }
            call.result.complete(false);
        }
    }

    private void submit(String what, Duration budget, CompletableFuture<Boolean> result, Runnable body) {
        Call call = new Call(what, budget, result);
        call.future = thread.submit(() -> {
            call.thread = Thread.currentThread();
            current = call;
            try {
                body.run();
            } catch (RuntimeException e) {
                if (!result.isDone()) {
                    fail(what + " failed: " + messageOf(e));
                    result.complete(false);
                }
            } finally {
                current = null;
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
        if (state.get() != ResourceState.Online || current != null) {
            return;
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        submit(full ? "IsAlive" : "LooksAlive", spec.properties().deadlockTimeout(), done, () -> {
            ResourceInstance i = instance;
            if (i == null || state.get() != ResourceState.Online) {
                done.complete(true);
                return;
            }
            // A FALSE LooksAlive makes the monitor call IsAlive immediately (anchors/wsfc.md §1.3).
            boolean alive = full ? i.isAlive() : (i.looksAlive() || i.isAlive());
            done.complete(alive);
            if (!alive && state.get() == ResourceState.Online) {
                fail((full ? "IsAlive" : "LooksAlive and IsAlive") + " reported the resource is not alive");
            }
        });
    }

    private void progress(String status) {
        statusText = status;
        Call call = current;
        if (call != null) {
            call.lastProgress = System.nanoTime();
        }
    }

    private void checkWatchdog() {
        Call call = current;
        if (call == null) {
            return;
        }
        long elapsed = System.nanoTime() - call.lastProgress;
        long total = System.nanoTime() - call.started;
        boolean pendingExpired = elapsed > call.budget.toNanos();
        boolean deadlocked = total > spec.properties().deadlockTimeout().toNanos();
        if (!pendingExpired && !deadlocked) {
            return;
        }
        current = null;
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

    static String messageOf(Throwable e) {
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
    }
}
