package org.entsso.sso.client.internal;

import java.io.Closeable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.node.NodeState;

/**
 * The SSO servers of a cluster as ZooKeeper shows them: the Up nodes whose membership carries the attribute
 * {@value #ATTRIBUTE} (docs/api.md, "Discovery"). Reading needs no ZooKeeper credentials. Connects on the first read,
 * so opening a client never waits for ZooKeeper; a failed first connection is retried on the next read.
 *
 * <p>Thread-safe: reads are serialised.
 */
public final class ClusterEndpoints implements Supplier<List<URI>>, Closeable {
    /** The membership attribute each node advertises its API endpoint under. */
    public static final String ATTRIBUTE = "SsoEndpoint";

    private static final Logger LOG = LogManager.getLogger(ClusterEndpoints.class);

    private final ClusterConnection connection;
    private ClusterAdmin admin;
    private boolean closed;

    /** Discovery through {@code connection} (no credentials needed). */
    public ClusterEndpoints(ClusterConnection connection) {
        this.connection = connection;
    }

    /** The endpoints of the Up nodes that advertise one, in node order. */
    @Override
    public synchronized List<URI> get() {
        if (closed) {
            throw new IllegalStateException("discovery is closed");
        }
        if (admin == null) {
            admin = ClusterAdmin.connect(connection);
        }
        List<URI> endpoints = new ArrayList<>();
        for (NodeInfo node : admin.nodes()) {
            String endpoint = node.attributes().get(ATTRIBUTE);
            if (node.state() != NodeState.Up || endpoint == null) {
                continue;
            }
            try {
                endpoints.add(Endpoints.parse(endpoint));
            } catch (IllegalArgumentException e) {
                LOG.warn("node {} advertises an unusable {}: {}", node.name(), ATTRIBUTE, e.getMessage());
            }
        }
        return endpoints;
    }

    /** Closes the ZooKeeper connection. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
