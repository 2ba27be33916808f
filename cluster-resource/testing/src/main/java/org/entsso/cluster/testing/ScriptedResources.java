package org.entsso.cluster.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.ResourceType;

/**
 * A resource type whose behaviour tests script per resource name, shared by every in-process node: fail Online N
 * times, hang in Online, become unhealthy, save a checkpoint. It records every Online and Offline with node, epoch and
 * time, so tests check what really ran where. Thread-safe.
 */
public final class ScriptedResources {
    /** The type name to use in resource specs. */
    public static final String TYPE = "Scripted";

    /** One call into a scripted resource. */
    public record Call(String resource, String node, long epoch, String what, Instant time, byte[] checkpoint) {}

    private final Map<String, AtomicInteger> failOnline = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.CountDownLatch> hangOnline = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> healthy = new ConcurrentHashMap<>();
    private final Map<String, String> checkpointToSave = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Gate> onlineGates = new ConcurrentHashMap<>();
    private final Map<String, Gate> looksAliveGates = new ConcurrentHashMap<>();
    private final Map<String, Gate> prepareGates = new ConcurrentHashMap<>();
    private final Map<String, Duration> preparationNeeded = new ConcurrentHashMap<>();

    /**
     * Calls that block, each on its own latch, until the test releases them, and that ignore Terminate's interrupt:
     * a resource DLL stuck in a call, which the monitor can only abandon on its thread. Thread-safe.
     */
    public static final class Gate {
        private final List<java.util.concurrent.CountDownLatch> held = new CopyOnWriteArrayList<>();
        private volatile boolean open;

        /** How many calls have arrived at the gate so far. */
        public int arrived() {
            return held.size();
        }

        /** Lets the {@code index}-th call (from 0) through. */
        public void release(int index) {
            held.get(index).countDown();
        }

        /** Lets every held call through, and every later call pass at once. */
        public void releaseAll() {
            open = true;
            held.forEach(java.util.concurrent.CountDownLatch::countDown);
        }

        void pass() {
            if (open) {
                return;
            }
            java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
            held.add(latch);
            boolean interrupted = false;
            while (latch.getCount() > 0 && !open) {
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    interrupted = true; // ignored on purpose, as a stuck native call would; restored below
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Every later Online of {@code resource} blocks at the returned gate, deaf to Terminate. */
    public Gate gateOnline(String resource) {
        Gate gate = new Gate();
        onlineGates.put(resource, gate);
        return gate;
    }

    /**
     * Every later {@link ResourceType#prepareToOwn} of {@code resource} (a move's target preparing) blocks at the
     * returned gate.
     */
    public Gate gatePrepare(String resource) {
        Gate gate = new Gate();
        prepareGates.put(resource, gate);
        return gate;
    }

    /** {@code resource} asks a move for {@code extra} besides the usual preparation ({@code preparationNeeded}). */
    public void needPreparation(String resource, Duration extra) {
        preparationNeeded.put(resource, extra);
    }

    /** Every later LooksAlive of {@code resource} blocks at the returned gate, deaf to Terminate. */
    public Gate gateLooksAlive(String resource) {
        Gate gate = new Gate();
        looksAliveGates.put(resource, gate);
        return gate;
    }

    public void failOnline(String resource, int times) {
        failOnline.computeIfAbsent(resource, k -> new AtomicInteger()).set(times);
    }

    /** While hanging, Online blocks until released here or interrupted by Terminate. */
    public void hangOnline(String resource, boolean hang) {
        if (hang) {
            hangOnline.put(resource, new java.util.concurrent.CountDownLatch(1));
        } else {
            java.util.concurrent.CountDownLatch released = hangOnline.remove(resource);
            if (released != null) {
                released.countDown();
            }
        }
    }

    public void setHealthy(String resource, boolean value) {
        healthy.computeIfAbsent(resource, k -> new AtomicBoolean(true)).set(value);
    }

    /** The resource saves this text as its checkpoint when it comes online. */
    public void saveCheckpointOnOnline(String resource, String text) {
        checkpointToSave.put(resource, text);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(String resource, String what) {
        return calls.stream()
                .filter(c -> c.resource().equals(resource) && c.what().equals(what))
                .toList();
    }

    /** The resource type to register on each node. */
    public ResourceType type() {
        return new ResourceType() {
            @Override
            public String name() {
                return TYPE;
            }

            /** Recorded as {@code Prepared} (epoch 0: no term yet), after the gate of {@link #gatePrepare}. */
            @Override
            public void prepareToOwn(String nodeName, ResourceSpec resource, Duration budget) {
                Gate gate = prepareGates.get(resource.name());
                if (gate != null) {
                    gate.pass();
                }
                calls.add(new Call(resource.name(), nodeName, 0, "Prepared", Instant.now(), null));
            }

            @Override
            public Duration preparationNeeded(String nodeName, ResourceSpec resource) {
                return preparationNeeded.getOrDefault(resource.name(), Duration.ZERO);
            }

            @Override
            public ResourceInstance open(ResourceContext context) {
                Instance instance = new Instance(context);
                instance.record("Opened");
                return instance;
            }
        };
    }

    private final class Instance implements ResourceInstance {
        private final ResourceContext ctx;
        private volatile boolean running;

        Instance(ResourceContext ctx) {
            this.ctx = ctx;
        }

        private void record(String what) {
            calls.add(new Call(
                    ctx.resourceName(),
                    ctx.nodeName(),
                    ctx.epoch(),
                    what,
                    Instant.now(),
                    ctx.restoredCheckpoint().orElse(null)));
        }

        @Override
        public void online() {
            record("OnlineCalled");
            AtomicInteger fails = failOnline.get(ctx.resourceName());
            if (fails != null && fails.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("scripted Online failure");
            }
            Gate gate = onlineGates.get(ctx.resourceName());
            if (gate != null) {
                gate.pass();
            }
            java.util.concurrent.CountDownLatch hang = hangOnline.get(ctx.resourceName());
            if (hang != null) {
                try {
                    hang.await(); // a resource stuck in Online; Terminate interrupts it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("terminated while hanging");
                }
            }
            String checkpoint = checkpointToSave.get(ctx.resourceName());
            if (checkpoint != null) {
                ctx.saveCheckpoint(checkpoint.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            running = true;
            record("Online");
        }

        @Override
        public void offline() {
            running = false;
            record("Offline");
        }

        @Override
        public void terminate() {
            if (running) {
                record("Terminate");
            }
            running = false;
        }

        @Override
        public boolean looksAlive() {
            Gate gate = looksAliveGates.get(ctx.resourceName());
            if (gate != null) {
                gate.pass();
            }
            return running
                    && healthy.getOrDefault(ctx.resourceName(), new AtomicBoolean(true))
                            .get();
        }

        @Override
        public boolean isAlive() {
            return looksAlive();
        }
    }
}
