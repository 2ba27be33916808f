package org.entsso.cluster.resource.types;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;

/**
 * One simulated IP Address: Online validates and publishes {@code Address} and {@code SubnetMask} (and {@code Network}
 * when set); it is alive for as long as it is Online. Thread-safe: its only state is a volatile flag.
 */
final class IpAddressInstance implements ResourceInstance {
    private static final Logger LOG = LogManager.getLogger(IpAddressInstance.class);

    private final ResourceContext context;
    private volatile boolean online;

    IpAddressInstance(ResourceContext context) {
        this.context = context;
    }

    @Override
    public void online() {
        Parameters parameters = new Parameters(context, IpAddressType.NAME);
        String text = parameters.required(IpAddressType.ADDRESS);
        InetAddress address;
        String mask;
        try {
            address = IpAddresses.parse(text);
            mask = IpAddresses.mask(
                    address,
                    parameters
                            .optional(IpAddressType.SUBNET_MASK)
                            .orElse(address instanceof Inet6Address ? "64" : "255.255.255.0"));
        } catch (InvalidClusterConfigurationException e) {
            throw new InvalidClusterConfigurationException(
                    "IP Address resource '" + context.resourceName() + "': " + e.getMessage());
        }
        Map<String, String> published = new LinkedHashMap<>();
        published.put(IpAddressType.ADDRESS, address.getHostAddress());
        published.put(IpAddressType.SUBNET_MASK, mask);
        parameters.optional(IpAddressType.NETWORK).ifPresent(network -> published.put(IpAddressType.NETWORK, network));
        context.publish(Map.copyOf(published));
        online = true;
        LOG.info("IP Address '{}' online with {}/{}", context.resourceName(), address.getHostAddress(), mask);
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
