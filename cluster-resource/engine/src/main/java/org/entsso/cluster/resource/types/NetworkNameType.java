package org.entsso.cluster.resource.types;

import java.util.Set;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.cluster.resource.ResourceType;

/**
 * WSFC's Network Name, simulated: instead of DNS, the name is registered in ZooKeeper through
 * {@link ResourceContext#registerName} as {@code name -> Name, Addresses, Host[, Port]}, which clients resolve
 * (anchors/wsfc.md §2.6: a network name depends on IP Address resources). Private properties: {@code Name} (required;
 * a DNS host name), {@code Port} (optional, 1-65535, the service port clients should use). Thread-safe and stateless.
 */
public final class NetworkNameType implements ResourceType {
    /** The type name. */
    public static final String NAME = "Network Name";

    public static final String NAME_PARAMETER = "Name";
    public static final String PORT = "Port";
    /** Key of the registered data: the published addresses of the Online IP Address dependencies, comma-separated. */
    public static final String ADDRESSES = "Addresses";
    /** Key of the registered data: the host name of the node that owns the name ({@link ResourceContext#nodeHost}). */
    public static final String HOST = "Host";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> requiredParameters() {
        return Set.of(NAME_PARAMETER);
    }

    @Override
    public ResourceInstance open(ResourceContext context) {
        return new NetworkNameInstance(context);
    }
}
