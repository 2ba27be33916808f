package org.entsso.cluster.resource.types;

import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.resource.ClusterService;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;

/**
 * One Generic Service resource: a fresh {@link ClusterService} per Online.
 *
 * <p>Thread-safety: the engine calls online/offline/looksAlive/isAlive on one thread; {@link #terminate()} may run
 * concurrently with {@link #online()}. The running service is published through an {@link AtomicReference} and a
 * volatile flag, so that whichever of the two comes second sees the other: a service started by an Online that
 * Terminate overtook is stopped, and that Online fails.
 */
final class GenericServiceInstance implements ResourceInstance {
    private static final Logger LOG = LogManager.getLogger(GenericServiceInstance.class);

    private final ResourceContext context;
    private final Map<String, Supplier<? extends ClusterService>> services;
    private final AtomicReference<ClusterService> running = new AtomicReference<>();
    private volatile boolean terminated;

    GenericServiceInstance(ResourceContext context, Map<String, Supplier<? extends ClusterService>> services) {
        this.context = context;
        this.services = services;
    }

    @Override
    public void online() {
        String serviceName = new Parameters(context, GenericServiceType.NAME).required(GenericServiceType.SERVICE_NAME);
        Supplier<? extends ClusterService> factory = services.get(serviceName);
        if (factory == null) {
            throw new ClusterException("Generic Service resource '" + context.resourceName() + "': service '"
                    + serviceName + "' is not registered on this node (" + context.nodeName() + "); registered: "
                    + new TreeSet<>(services.keySet()));
        }
        terminated = false;
        ClusterService service = factory.get();
        running.set(service);
        try {
            failIfTerminated(service, serviceName);
            service.start(context);
        } catch (RuntimeException e) {
            running.compareAndSet(service, null);
            stopQuietly(service, serviceName);
            if (terminated) {
                throw terminatedDuringOnline(serviceName);
            }
            throw new ClusterException(
                    "Generic Service resource '" + context.resourceName() + "': service '" + serviceName
                            + "' failed to start: " + e.getMessage(),
                    e);
        }
        failIfTerminated(service, serviceName);
        LOG.info("Generic Service '{}' started service '{}'", context.resourceName(), serviceName);
    }

    @Override
    public void offline() {
        ClusterService service = running.getAndSet(null);
        if (service != null) {
            service.stop();
            LOG.info("Generic Service '{}' stopped its service", context.resourceName());
        }
    }

    @Override
    public void terminate() {
        terminated = true;
        ClusterService service = running.getAndSet(null);
        if (service != null) {
            stopQuietly(service, "(terminate)");
        }
    }

    @Override
    public boolean looksAlive() {
        ClusterService service = running.get();
        return service != null && service.isRunning();
    }

    @Override
    public boolean isAlive() {
        ClusterService service = running.get();
        return service != null && service.isHealthy();
    }

    private void failIfTerminated(ClusterService service, String serviceName) {
        if (terminated) {
            running.compareAndSet(service, null);
            stopQuietly(service, serviceName);
            throw terminatedDuringOnline(serviceName);
        }
    }

    private ClusterException terminatedDuringOnline(String serviceName) {
        return new ClusterException("Generic Service resource '" + context.resourceName()
                + "' was terminated while starting service '" + serviceName + "'");
    }

    private void stopQuietly(ClusterService service, String serviceName) {
        try {
            service.stop();
        } catch (RuntimeException e) {
            LOG.warn("Generic Service '{}': stopping service '{}' failed", context.resourceName(), serviceName, e);
        }
    }
}
