package org.entsso.cluster.resource.types;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.cluster.resource.ResourceState;
import org.entsso.cluster.resource.ResourceView;

/**
 * One simulated Network Name. Online collects the {@code Address} published by every Online dependency (IP Address
 * resources; with an OR dependency, the ones that are up) and registers the name; at least one address is required.
 * The engine removes the registration when the resource goes offline or its term ends, so Offline and Terminate only
 * clear the state the health checks read. Thread-safe: its only state is a volatile flag.
 */
final class NetworkNameInstance implements ResourceInstance {
    private static final Logger LOG = LogManager.getLogger(NetworkNameInstance.class);

    /** A DNS host name: dot-separated labels of letters, digits and inner hyphens (RFC 1123). */
    private static final Pattern HOST_NAME = Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private final ResourceContext context;
    private volatile boolean online;

    NetworkNameInstance(ResourceContext context) {
        this.context = context;
    }

    @Override
    public void online() {
        Parameters parameters = new Parameters(context, NetworkNameType.NAME);
        String name = parameters.required(NetworkNameType.NAME_PARAMETER);
        if (!HOST_NAME.matcher(name).matches()) {
            throw new InvalidClusterConfigurationException("Network Name resource '" + context.resourceName() + "': '"
                    + name + "' is not a valid DNS host name (letters, digits, inner hyphens, dot-separated)");
        }
        int port = parameters.integer(NetworkNameType.PORT, 0, 1, 65535);
        List<ResourceView> dependencies = context.dependencies();
        List<String> addresses = dependencies.stream()
                .filter(d -> d.state() == ResourceState.Online)
                .map(d -> d.published().get(IpAddressType.ADDRESS))
                .filter(a -> a != null && !a.isBlank())
                .toList();
        if (dependencies.isEmpty()) {
            // A configuration error, not a transient one: restarting will not help (anchors/wsfc.md §2.6).
            throw new InvalidClusterConfigurationException("Network Name resource '" + context.resourceName()
                    + "' needs at least one Online IP Address dependency to register '" + name
                    + "' and has no dependencies; add one with Set-ClusterResourceDependency");
        }
        if (addresses.isEmpty()) {
            throw new ClusterException("Network Name resource '" + context.resourceName()
                    + "' needs at least one Online IP Address dependency to register '" + name
                    + "'; none of its dependencies has published an address: "
                    + dependencies.stream()
                            .map(d -> d.name() + " (" + d.state() + ")")
                            .toList());
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put(NetworkNameType.NAME_PARAMETER, name);
        data.put(NetworkNameType.ADDRESSES, String.join(",", addresses));
        data.put(NetworkNameType.HOST, context.nodeHost());
        if (port != 0) {
            data.put(NetworkNameType.PORT, String.valueOf(port));
        }
        context.registerName(name, Map.copyOf(data));
        online = true;
        LOG.info("Network Name '{}' registered {} -> {}", context.resourceName(), name, addresses);
    }

    @Override
    public void offline() {
        online = false;
    }

    @Override
    public void terminate() {
        online = false;
    }

    @Override
    public boolean looksAlive() {
        return online;
    }

    @Override
    public boolean isAlive() {
        return online;
    }
}
