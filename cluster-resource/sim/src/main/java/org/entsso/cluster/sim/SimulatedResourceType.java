package org.entsso.cluster.sim;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.resource.PropertyValues;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.cluster.resource.ResourceType;

/**
 * The resource type {@code Simulated}: a resource that is healthy until the scenario tells it to fail. One instance of
 * this type is registered on every simulated node, so it sees the resource wherever its group runs.
 *
 * <p>Private parameters: {@code FailOnlineTimes=N} makes the next N Online calls fail (counted cluster-wide, so a
 * failover to another node consumes them too); {@code OnlineDelay} and {@code OfflineDelay} (e.g. {@code 200ms}) make
 * the calls take time. {@link #crash} makes the running instance report its own failure asynchronously, like a
 * resource DLL signalling its failure event (anchors/wsfc.md §1.3). Health checks run every 500 ms (LooksAlive) and
 * 2 s (IsAlive) so that scenarios run in seconds. Thread-safe.
 */
public final class SimulatedResourceType implements ResourceType {
    /** The type name used in scenario files and the ResourceType column. */
    public static final String NAME = "Simulated";

    private static final Logger LOG = LogManager.getLogger(SimulatedResourceType.class);

    private final Map<String, AtomicInteger> onlineFailuresLeft = new ConcurrentHashMap<>();
    private final Map<String, Instance> running = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration looksAlivePollInterval() {
        return Duration.ofMillis(500);
    }

    @Override
    public Duration isAlivePollInterval() {
        return Duration.ofSeconds(2);
    }

    @Override
    public ResourceInstance open(ResourceContext context) {
        onlineFailuresLeft.computeIfAbsent(context.resourceName(), name -> new AtomicInteger(intParameter(context)));
        return new Instance(context);
    }

    /**
     * Makes the resource's running instance fail on its own (it signals the failure and its health checks fail until
     * it is brought online again).
     *
     * @return the node it was running on, or empty when it runs nowhere
     */
    public Optional<String> crash(String resourceName, String reason) {
        Instance instance = running.get(resourceName);
        if (instance == null) {
            return Optional.empty();
        }
        instance.crash(reason);
        return Optional.of(instance.context.nodeName());
    }

    private static int intParameter(ResourceContext context) {
        String value = context.parameters().get("FailOnlineTimes");
        return value == null ? 0 : PropertyValues.parseInt("FailOnlineTimes", value);
    }

    private static Duration delay(ResourceContext context, String name) {
        String value = context.parameters().get(name);
        return value == null ? Duration.ZERO : PropertyValues.parseNonNegative(name, value);
    }

    private final class Instance implements ResourceInstance {
        private final ResourceContext context;
        private volatile boolean healthy;

        Instance(ResourceContext context) {
            this.context = context;
        }

        @Override
        public void online() {
            pause(delay(context, "OnlineDelay"));
            AtomicInteger left = onlineFailuresLeft.get(context.resourceName());
            if (left != null && left.getAndUpdate(n -> Math.max(n - 1, 0)) > 0) {
                throw new IllegalStateException("simulated Online failure (FailOnlineTimes)");
            }
            healthy = true;
            running.put(context.resourceName(), this);
        }

        @Override
        public void offline() {
            pause(delay(context, "OfflineDelay"));
            stopped();
        }

        @Override
        public void terminate() {
            stopped();
        }

        @Override
        public boolean looksAlive() {
            return healthy;
        }

        @Override
        public boolean isAlive() {
            return healthy;
        }

        @Override
        public void close() {
            stopped();
        }

        void crash(String reason) {
            healthy = false;
            LOG.info("Simulated resource {} crashes on {}: {}", context.resourceName(), context.nodeName(), reason);
            context.signalFailure(reason);
        }

        private void stopped() {
            healthy = false;
            running.remove(context.resourceName(), this);
        }

        private void pause(Duration delay) {
            if (delay.isZero()) {
                return;
            }
            try {
                Thread.sleep(delay.toMillis()); // the simulated work of a slow Online/Offline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
