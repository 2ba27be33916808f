package org.entsso.sso.mss;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceView;

/**
 * Publishes {@code {Endpoint, Epoch, CurrentMsid}} under the resource and under the group's network name (DESIGN.md
 * decision 6), which SSO servers watch: a new current MSID makes every SSO server fetch the keyring again within a
 * second. Both are one write, fenced by the epoch in ZooKeeper. Thread-safe.
 */
final class NamePublisher {
    private final ResourceContext ctx;
    private final URI endpoint;

    NamePublisher(ResourceContext ctx, URI endpoint) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** Publishes this term's endpoint and epoch with {@code currentMsid}. */
    synchronized void publish(UUID currentMsid) {
        Map<String, String> published = new LinkedHashMap<>();
        published.put("Endpoint", endpoint.toString());
        published.put("Epoch", String.valueOf(ctx.epoch()));
        published.put("CurrentMsid", currentMsid.toString());
        ctx.publishAs(networkName(ctx), published);
    }

    /** The name of the Network Name resource the service depends on; the group's name when there is none. */
    static String networkName(ResourceContext ctx) {
        for (ResourceView dependency : ctx.dependencies()) {
            String name = dependency.parameters().get("Name");
            if ("Network Name".equals(dependency.type()) && name != null) {
                return name;
            }
        }
        return ctx.groupName();
    }
}
