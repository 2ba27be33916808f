package org.entsso.sso.api.internal;

import java.io.IOException;
import java.util.Objects;
import org.entsso.sso.api.NodeStatusSource;
import org.entsso.sso.api.NodeStatusSource.SsoServer;

/**
 * {@code GET /v1/sys/nodes}: the cluster's Up SSO servers with their API endpoints, as this node last read the
 * membership, {@code {"nodes": [{"name": "node1", "endpoint": "https://host:port"}, ...]}}. Clients start from a seed
 * list and refresh their server list from here (docs/client.md), so they need no ZooKeeper. Any cluster certificate
 * may ask; from memory, never ZooKeeper or the database. Thread-safe.
 */
public final class NodesEndpoint implements Endpoint {
    private final NodeStatusSource node;

    public NodesEndpoint(NodeStatusSource node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    @Override
    public void serve(ApiRequest request) throws IOException {
        request.require("GET");
        request.respondJson(200, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("nodes");
            for (SsoServer server : node.ssoServers()) {
                json.writeStartObject();
                json.writeStringField("name", server.name());
                json.writeStringField("endpoint", server.endpoint().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }
}
