package org.entsso.cluster.internal.zk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.group.GroupProperties;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.resource.Checkpoint;
import org.entsso.cluster.resource.ResourceProperties;
import org.entsso.cluster.resource.ResourceSpec;

/** The JSON shapes kept in znodes (see {@link ZkPaths}). */
public final class Records {
    private Records() {}

    /** A node's persistent record. */
    public record NodeRecord(String name, int id, boolean paused, List<String> drainedGroups) {
        public NodeRecord {
            drainedGroups = drainedGroups == null ? List.of() : List.copyOf(drainedGroups);
        }
    }

    /** A node's ephemeral membership record. */
    public record LiveRecord(String state, String host, long since, Map<String, String> attributes) {
        public LiveRecord {
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }
    }

    /** One resource in a group status. */
    public record ResourceStatus(String state, String type, String status) {}

    /**
     * What the owner publishes about its group. {@code failover}: the term began with a failover (see
     * {@link org.entsso.cluster.events.GroupObservation#failovers()}); absent, and so false, in statuses written before
     * it existed.
     */
    public record GroupStatus(
            String owner,
            long epoch,
            String state,
            Map<String, ResourceStatus> resources,
            long updated,
            boolean failover) {
        public GroupStatus {
            resources = resources == null ? Map.of() : resources;
        }
    }

    /**
     * Where a planned move, drain or failover hands the group. {@code move} is set by an owner that hands the group
     * over while it still serves (a planned move, a drain): it asks the target to prepare and waits for a {@link
     * Prepared} with the same id before it takes the group offline. Null otherwise (a leader deferring to another node:
     * nothing serves then, so nothing waits).
     */
    public record Target(String node, String reason, String move) {
        public Target(String node, String reason) {
            this(node, reason, null);
        }
    }

    /**
     * A move's target answers: {@code move} is the id of the {@link Target} it prepares for. {@code readyInMillis} 0
     * (what a target of an older version writes, having no such field): ready, after {@code millis} of preparation;
     * above 0: still preparing, ready within that many milliseconds ({@link
     * org.entsso.cluster.resource.ResourceType#preparationNeeded}).
     */
    public record Prepared(String node, String move, long millis, long readyInMillis) {
        /** A target that is ready. */
        public Prepared(String node, String move, long millis) {
            this(node, move, millis, 0);
        }

        /** Whether the target is ready, rather than still preparing. */
        public boolean ready() {
            return readyInMillis <= 0;
        }
    }

    /** A group's persistent state: online or not, and resources an administrator stopped. */
    public record Intent(boolean online, List<String> offlineResources) {
        public Intent {
            offlineResources = offlineResources == null ? List.of() : List.copyOf(offlineResources);
        }
    }

    /** Failover times (epoch millis of the policy clock). */
    public record Failovers(List<Long> times) {
        public Failovers {
            times = times == null ? List.of() : List.copyOf(times);
        }
    }

    /**
     * A command queued for a group owner or a node; the executor fills in result and message. {@code expiresAt}
     * (wall-clock epoch millis, 0 = never) is when the administrator stops waiting: an executor that finds it later
     * refuses it rather than carry it out minutes after the operator gave up (issue 9 item 8). Nodes' clocks are
     * assumed to be kept in step (NTP); a skew shifts the expiry by as much.
     */
    public record Request(
            String op,
            String node,
            String resource,
            boolean drain,
            boolean force,
            String failback,
            String result,
            String message,
            long expiresAt) {
        /** How long a request nobody waits for ({@code -Wait 0}, a failback) may wait for its executor. */
        public static final Duration UNWAITED_EXPIRY = Duration.ofMinutes(2);

        public Request(
                String op,
                String node,
                String resource,
                boolean drain,
                boolean force,
                String failback,
                String result,
                String message) {
            this(op, node, resource, drain, force, failback, result, message, 0L);
        }

        public Request withResult(String newResult, String newMessage) {
            return new Request(op, node, resource, drain, force, failback, newResult, newMessage, expiresAt);
        }

        public Request expiringAt(long millis) {
            return new Request(op, node, resource, drain, force, failback, result, message, millis);
        }

        public boolean expired(long nowMillis) {
            return expiresAt > 0 && nowMillis > expiresAt;
        }

        /** The answer given to a request found after its expiry. */
        public Request expiredAnswer() {
            return withResult(
                    "error",
                    "The request expired at " + Instant.ofEpochMilli(expiresAt)
                            + " before it could be carried out; nothing was done. Run the command again if still wanted.");
        }

        public boolean done() {
            return result != null;
        }
    }

    /** The JSON form of a {@link GroupSpec}: properties as WSFC name -> value strings. */
    public record GroupSpecJson(
            String name,
            Map<String, String> properties,
            List<String> preferredOwners,
            List<ResourceSpecJson> resources) {

        /** Missing fields read as empty, so hand-edited or partial data fails as configuration, not as NPE. */
        public GroupSpecJson {
            properties = properties == null ? Map.of() : properties;
            resources = resources == null ? List.of() : resources;
        }

        public static GroupSpecJson of(GroupSpec spec) {
            List<ResourceSpecJson> list = new ArrayList<>();
            spec.resources().forEach(r -> list.add(ResourceSpecJson.of(r)));
            return new GroupSpecJson(spec.name(), spec.properties().asMap(), spec.preferredOwners(), list);
        }

        public GroupSpec toSpec() {
            if (name == null || resources.stream().anyMatch(Objects::isNull)) {
                throw new InvalidClusterConfigurationException("A group definition needs a name and resources");
            }
            GroupProperties props = GroupProperties.DEFAULTS;
            for (Map.Entry<String, String> e : properties.entrySet()) {
                props = props.with(e.getKey(), e.getValue());
            }
            List<ResourceSpec> list = new ArrayList<>();
            resources.forEach(r -> list.add(r.toSpec()));
            return new GroupSpec(name, props, preferredOwners, list);
        }
    }

    /**
     * The JSON form of a {@link ResourceSpec}. {@code checkpoints} is absent in definitions written before checkpoints
     * could be registered, and reads as none.
     */
    public record ResourceSpecJson(
            String name,
            String type,
            String dependencies,
            List<String> possibleOwners,
            Map<String, String> properties,
            Map<String, String> parameters,
            List<CheckpointJson> checkpoints) {

        public ResourceSpecJson {
            properties = properties == null ? Map.of() : properties;
            checkpoints = checkpoints == null ? List.of() : checkpoints;
        }

        public static ResourceSpecJson of(ResourceSpec r) {
            return new ResourceSpecJson(
                    r.name(),
                    r.type(),
                    r.dependencies(),
                    r.possibleOwners(),
                    r.properties().asMap(),
                    new LinkedHashMap<>(r.parameters()),
                    r.checkpoints().stream().map(CheckpointJson::of).toList());
        }

        public ResourceSpec toSpec() {
            if (name == null || type == null) {
                throw new InvalidClusterConfigurationException("A resource definition needs a name and a type");
            }
            ResourceProperties props = ResourceProperties.DEFAULTS;
            for (Map.Entry<String, String> e : properties.entrySet()) {
                props = props.with(e.getKey(), e.getValue());
            }
            List<Checkpoint> list = new ArrayList<>();
            checkpoints.forEach(c -> list.add(c.toCheckpoint()));
            return new ResourceSpec(name, type, dependencies, possibleOwners, props, parameters, list);
        }
    }

    /** The JSON form of a {@link Checkpoint}; {@code kind} is {@code Registry} or {@code Crypto}. */
    public record CheckpointJson(String kind, String name, int cryptoType, String key) {
        public static CheckpointJson of(Checkpoint c) {
            return new CheckpointJson(c.kind().name(), c.name(), c.cryptoType(), c.key());
        }

        public Checkpoint toCheckpoint() {
            for (Checkpoint.Kind k : Checkpoint.Kind.values()) {
                if (k.name().equals(kind)) {
                    return new Checkpoint(k, name, cryptoType, key);
                }
            }
            throw new InvalidClusterConfigurationException("Unknown checkpoint kind '" + kind + "'");
        }
    }
}
