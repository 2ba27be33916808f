package org.entsso.cluster.resource.types;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.entsso.cluster.resource.ClusterService;
import org.entsso.cluster.resource.ResourceType;

/** The resource types every node knows (anchors/wsfc.md §2.6). Stateless. */
public final class BuiltInResourceTypes {
    private BuiltInResourceTypes() {}

    /**
     * One instance of each built-in type.
     *
     * @param services this node's service registry for Generic Service resources: {@code ServiceName -> factory}; the
     *     map is copied, and each factory is called once per Online
     * @return Generic Service, Generic Application, IP Address, Network Name and SQL Health Check, in that order
     */
    public static List<ResourceType> create(Map<String, Supplier<? extends ClusterService>> services) {
        return List.of(
                new GenericServiceType(services),
                new GenericApplicationType(),
                new IpAddressType(),
                new NetworkNameType(),
                new SqlHealthCheckType());
    }
}
