package org.entsso.sso.node;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.node.NodeState;
import org.entsso.sso.api.NodeStatusSource.SsoServer;

/**
 * The cluster's Up SSO servers as this node last read them from the membership (the nodes advertising
 * {@link SsoNode#ENDPOINT_ATTRIBUTE}): what {@code GET /v1/sys/nodes} answers; and the Up possible owners' master
 * secret endpoints, which this node keeps warm connections to. Read on its own daemon thread every
 * interval, so a request never waits on ZooKeeper and a slow read never delays the node's other housekeeping; a failed
 * read keeps the last list (clients keep their servers while ZooKeeper is away).
 *
 * <p>Lifecycle LATENT -> STARTED ({@link #start}) -> CLOSED ({@link #close}, idempotent). Thread-safe.
 */
final class SsoServerList implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LogManager.getLogger(SsoServerList.class);

    private final ClusterAdmin admin;
    private final ScheduledExecutorService thread;
    private volatile List<SsoServer> servers = List.of();
    private volatile List<URI> masterSecretEndpoints = List.of();
    private volatile Consumer<URI> joined = endpoint -> {};
    private String lastProblem;

    SsoServerList(ClusterAdmin admin, String nodeName) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "entsso-members-" + nodeName);
            t.setDaemon(true);
            return t;
        });
    }

    SsoServerList start() {
        thread.scheduleWithFixedDelay(this::refresh, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Calls {@code listener} (on this list's thread; it must not block) with each master secret endpoint that was not
     * in the previous read: a possible owner that started or came back Up. This node warms its connections to it at
     * once rather than at its next periodic warm-up: a planned move to a node restarted seconds before found no
     * connection to it on the SSO servers (issue 14).
     */
    SsoServerList onMasterSecretEndpointJoined(Consumer<URI> listener) {
        joined = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** The last list read; empty before the first read. */
    List<SsoServer> get() {
        return servers;
    }

    /**
     * The master secret endpoints the Up possible owners advertise ({@link SsoNode#MSS_ENDPOINT_ATTRIBUTE}), as last
     * read; empty before the first read.
     */
    List<URI> masterSecretEndpoints() {
        return masterSecretEndpoints;
    }

    private void refresh() {
        List<NodeInfo> nodes;
        try {
            nodes = admin.nodes();
        } catch (RuntimeException e) {
            if (!Objects.equals(e.getMessage(), lastProblem)) {
                LOG.warn(
                        "Could not read the cluster's SSO servers; /v1/sys/nodes keeps its last list: {}",
                        e.getMessage());
                lastProblem = e.getMessage();
            }
            return;
        }
        lastProblem = null;
        List<SsoServer> next = new ArrayList<>();
        List<URI> mss = new ArrayList<>();
        for (NodeInfo node : nodes) {
            String mssEndpoint = node.attributes().get(SsoNode.MSS_ENDPOINT_ATTRIBUTE);
            if (node.state() == NodeState.Up && mssEndpoint != null) {
                try {
                    mss.add(new URI(mssEndpoint));
                } catch (URISyntaxException e) {
                    LOG.warn(
                            "Node {} advertises an unusable {}: {}",
                            node.name(),
                            SsoNode.MSS_ENDPOINT_ATTRIBUTE,
                            mssEndpoint);
                }
            }
            String endpoint = node.attributes().get(SsoNode.ENDPOINT_ATTRIBUTE);
            if (node.state() == NodeState.Up && endpoint != null) {
                try {
                    next.add(new SsoServer(node.name(), new URI(endpoint)));
                } catch (URISyntaxException e) {
                    LOG.warn(
                            "Node {} advertises an unusable {}: {}", node.name(), SsoNode.ENDPOINT_ATTRIBUTE, endpoint);
                }
            }
        }
        servers = List.copyOf(next);
        List<URI> before = masterSecretEndpoints;
        masterSecretEndpoints = List.copyOf(mss);
        for (URI endpoint : mss) {
            if (!before.contains(endpoint)) {
                try {
                    joined.accept(endpoint);
                } catch (RuntimeException e) {
                    LOG.debug("Could not act on master secret endpoint {}: {}", endpoint, e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
