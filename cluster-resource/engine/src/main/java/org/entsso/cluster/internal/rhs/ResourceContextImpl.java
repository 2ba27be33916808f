package org.entsso.cluster.internal.rhs;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.internal.ownership.Term;
import org.entsso.cluster.internal.zk.ZkPaths;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceView;

/** The {@link ResourceContext} of one resource in one ownership term. Thread-safe. */
public final class ResourceContextImpl implements ResourceContext {
    private final String resource;
    private final String group;
    private final String node;
    private final String host;
    private final Map<String, String> parameters;
    private final Term term;
    private final Supplier<List<ResourceView>> dependencies;
    private final Clock clock;
    private volatile byte[] restored;
    private volatile Consumer<String> pending = s -> {};
    private volatile Consumer<String> failure = s -> {};

    public ResourceContextImpl(
            String resource,
            String group,
            String node,
            String host,
            Map<String, String> parameters,
            Term term,
            Supplier<List<ResourceView>> dependencies,
            Clock clock) {
        this.resource = resource;
        this.group = group;
        this.node = node;
        this.host = host;
        this.parameters = Map.copyOf(parameters);
        this.term = term;
        this.dependencies = dependencies;
        this.clock = clock;
    }

    void onPending(Consumer<String> callback) {
        this.pending = callback;
    }

    void onFailure(Consumer<String> callback) {
        this.failure = callback;
    }

    public void restore(byte[] data) {
        this.restored = data == null ? null : data.clone();
    }

    @Override
    public String resourceName() {
        return resource;
    }

    @Override
    public String groupName() {
        return group;
    }

    @Override
    public String nodeName() {
        return node;
    }

    @Override
    public String nodeHost() {
        return host;
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public long epoch() {
        return term.epoch();
    }

    @Override
    public boolean isCurrentTerm() {
        return term.isCurrent();
    }

    @Override
    public List<ResourceView> dependencies() {
        return dependencies.get();
    }

    @Override
    public Optional<byte[]> restoredCheckpoint() {
        byte[] data = restored;
        return data == null ? Optional.empty() : Optional.of(data.clone());
    }

    @Override
    public void saveCheckpoint(byte[] data) {
        Objects.requireNonNull(data, "data");
        requireCurrent();
        term.fence().put(ZkPaths.checkpoint(group, resource), data);
    }

    @Override
    public void publish(Map<String, String> data) {
        requireCurrent();
        Map<String, String> copy = Map.copyOf(data);
        term.publish(resource, copy);
    }

    @Override
    public void publishAs(String name, Map<String, String> data) {
        Objects.requireNonNull(name, "name");
        requireCurrent();
        term.publishAs(resource, name, Map.copyOf(data));
    }

    @Override
    public void registerName(String name, Map<String, String> data) {
        Objects.requireNonNull(name, "name");
        requireCurrent();
        term.registerName(resource, name, data);
    }

    @Override
    public void reportPending(String status) {
        pending.accept(status == null ? "" : status);
    }

    @Override
    public void signalFailure(String reason) {
        failure.accept(reason == null ? "unspecified" : reason);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    private void requireCurrent() {
        if (!term.isCurrent()) {
            throw new ClusterException(
                    "Node '" + node + "' no longer owns group '" + group + "' (epoch " + term.epoch() + " has ended)");
        }
    }

    @Override
    public String toString() {
        return "ResourceContext[" + group + "/" + resource + "@" + node + ", epoch " + term.epoch() + "]";
    }
}
