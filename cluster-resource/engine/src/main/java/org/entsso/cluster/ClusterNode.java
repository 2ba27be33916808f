package org.entsso.cluster;

import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.entsso.cluster.events.GroupObservation;
import org.entsso.cluster.events.GroupObserver;
import org.entsso.cluster.internal.node.NodeService;
import org.entsso.cluster.internal.node.ZkClusterNode;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.resource.ClusterService;
import org.entsso.cluster.resource.ResourceType;

/**
 * The cluster service of one node: joins the cluster, takes part in the ownership election of every group it may
 * host, runs the resources of the groups it owns, applies the restart, failover and failback policies, and writes
 * the cluster log. Build with {@link #builder()}, then {@link #start()}; {@link #close()} leaves every election at
 * once and terminates what this node runs.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED; a second start is an {@link IllegalStateException}; close is idempotent.
 * Thread-safe. Implemented by the engine only. Fault injection (a crash, a session expired by the server) is not part
 * of this API: tests, the simulator and benchmarks reach it through cluster-testing's {@code Faults}.
 */
public interface ClusterNode extends Closeable {

    /** A builder with the defaults (4 s sessions, the system clock, the built-in resource types). */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Connects, registers the node (Joining), joins the elections of the groups it may host, then reports Up.
     *
     * @throws IllegalStateException when already started or closed
     * @throws ClusterUnavailableException when ZooKeeper cannot be reached within the connection timeout
     */
    void start();

    /** The node's name. */
    String name();

    /** The node's state as this node sees it. */
    NodeState state();

    /**
     * This node's view of every group, from memory (a watch keeps it): owner, state, epoch, and the owner changes and
     * failovers this node has observed since it started. Empty before {@link #start()}.
     */
    List<GroupObservation> observedGroups();

    /** The epoch of this node's current ownership term of {@code group}, if it owns the group. */
    OptionalLong ownedEpoch(String group);

    /**
     * Adds or replaces an attribute of this node's membership record and publishes it at once, for a service that
     * becomes ready after the node joined (an SSO server advertises its endpoint once it holds the master secret).
     * Not secret. Works before and after {@link #start()}.
     */
    void setAttribute(String key, String value);

    /**
     * Writes an INFO line to this node's cluster log (component {@code SVC}) on behalf of a service the node hosts,
     * e.g. an SSO server that switched to a new master secret server, so that drills and operators read it beside the
     * engine's own events. {@code kind} is a stable upper-case tag; {@code message} is not secret. Never blocks on
     * ZooKeeper; ignored before {@link #start()} and after {@link #close()}.
     */
    void logServiceEvent(String kind, String group, String message);

    /** Leaves every election at once, terminates the resources this node runs and disconnects. Idempotent. */
    @Override
    void close();

    /** Builds a {@link ClusterNode}. Not thread-safe. */
    final class Builder {
        private String nodeName;
        private String nodeHost = "127.0.0.1";
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private ClusterConnection connection;
        private Clock clock = Clock.systemUTC();
        private Duration policyTick = Duration.ofSeconds(1);
        private Duration takeoverGuard = Duration.ofMillis(500);
        private final List<ResourceType> types = new ArrayList<>();
        private final Map<String, Supplier<? extends ClusterService>> services = new LinkedHashMap<>();
        private final List<GroupObserver> observers = new ArrayList<>();

        private Builder() {}

        /** The node's name (required; letters, digits, '.', '_' and '-'). */
        public Builder nodeName(String name) {
            this.nodeName = name;
            return this;
        }

        /**
         * Adds an attribute to this node's membership record, which every {@link ClusterAdmin#nodes()} reader sees
         * while the node is a member (for example the endpoint of a service the node runs). Not secret.
         */
        public Builder attribute(String key, String value) {
            attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The host name clients reach this node at (default 127.0.0.1). */
        public Builder nodeHost(String host) {
            this.nodeHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /** How to reach ZooKeeper (required). */
        public Builder connection(ClusterConnection value) {
            this.connection = value;
            return this;
        }

        /** The clock the policy windows read (RestartPeriod, FailoverPeriod, RetryPeriodOnFailure, failback). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** How often time-based policies are evaluated (default 1 s). */
        public Builder policyTick(Duration value) {
            this.policyTick = Objects.requireNonNull(value, "policyTick");
            return this;
        }

        /**
         * How long a node that takes a group from an owner whose session the server expired waits before bringing
         * it online (default 500 ms; zero disables). The deposed owner is fenced at once by the epoch either way;
         * the guard covers the moment it needs to notice, so resources never run on two nodes side by side. It is
         * added to the failover time after a node loss, not to planned moves.
         */
        public Builder takeoverGuard(Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("takeoverGuard must be zero or positive");
            }
            this.takeoverGuard = value;
            return this;
        }

        /** Registers a resource type beside the built-in ones (a later registration of a name replaces it). */
        public Builder resourceType(ResourceType type) {
            types.add(Objects.requireNonNull(type, "type"));
            return this;
        }

        /** Registers a Java service that Generic Service resources start by their {@code ServiceName}. */
        public Builder service(String serviceName, Supplier<? extends ClusterService> factory) {
            services.put(
                    Objects.requireNonNull(serviceName, "serviceName"), Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /**
         * Adds an observer of this node's view of each group ({@link GroupObservation}): it hears of every change of
         * owner, state, epoch, owner changes and failovers, including the first view of each group once started.
         */
        public Builder groupObserver(GroupObserver observer) {
            observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * Builds the node (not yet started).
         *
         * @throws IllegalArgumentException when the name or connection is missing or invalid
         */
        public ClusterNode build() {
            if (nodeName == null || !nodeName.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException(
                        "A node name is required and may contain letters, digits, '.', '_' and '-' only: " + nodeName);
            }
            if (connection == null) {
                throw new IllegalArgumentException("A cluster connection is required");
            }
            NodeService service = new NodeService(
                    nodeName, nodeHost, attributes, connection, clock, policyTick, takeoverGuard, types, services);
            observers.forEach(service::addGroupObserver);
            return new ZkClusterNode(service);
        }
    }
}
