package org.entsso.cluster.resource.types;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.ResourceType;

/**
 * WSFC's IP Address, simulated: nothing is configured on a network interface; Online validates the address and
 * publishes it for dependent Network Name resources (anchors/wsfc.md §2.6). Private properties: {@code Address}
 * (required; an IPv4 or IPv6 literal, never looked up in DNS), {@code SubnetMask} (IPv4: a dotted mask or a prefix
 * length, default 255.255.255.0; IPv6: a prefix length, default 64), {@code Network} (a label, published as given).
 * Thread-safe and stateless.
 */
public final class IpAddressType implements ResourceType {
    /** The type name. */
    public static final String NAME = "IP Address";

    public static final String ADDRESS = "Address";
    public static final String SUBNET_MASK = "SubnetMask";
    public static final String NETWORK = "Network";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> requiredParameters() {
        return Set.of(ADDRESS);
    }

    /**
     * Parses the address and mask as Online will: a move's target runs that code once before the move pauses anything
     * (an invalid address fails here first, and the owner moves the group anyway).
     */
    @Override
    public void prepareToOwn(String nodeName, ResourceSpec resource, Duration budget) {
        String text = resource.parameters().get(ADDRESS);
        if (text != null) {
            InetAddress address = IpAddresses.parse(text);
            IpAddresses.mask(
                    address,
                    resource.parameters()
                            .getOrDefault(SUBNET_MASK, address instanceof Inet6Address ? "64" : "255.255.255.0"));
        }
    }

    @Override
    public ResourceInstance open(ResourceContext context) {
        return new IpAddressInstance(context);
    }
}
