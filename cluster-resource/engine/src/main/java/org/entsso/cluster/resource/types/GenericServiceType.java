package org.entsso.cluster.resource.types;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.entsso.cluster.resource.ClusterService;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.cluster.resource.ResourceType;

/**
 * WSFC's Generic Service: a {@link ClusterService} started inside the node process, found by its {@code ServiceName}
 * in the node's service registry (anchors/wsfc.md §2.6). Health is the service's own answer, as WSFC asks the Service
 * Controller. Thread-safe: the registry is an immutable copy.
 */
public final class GenericServiceType implements ResourceType {
    /** The type name. */
    public static final String NAME = "Generic Service";
    /** Required: the key of the service in the node's registry. */
    public static final String SERVICE_NAME = "ServiceName";

    private final Map<String, Supplier<? extends ClusterService>> services;

    /** @param services {@code ServiceName -> factory}; copied */
    public GenericServiceType(Map<String, Supplier<? extends ClusterService>> services) {
        this.services = Map.copyOf(services);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> requiredParameters() {
        return Set.of(SERVICE_NAME);
    }

    @Override
    public ResourceInstance open(ResourceContext context) {
        return new GenericServiceInstance(context, services);
    }
}
