package org.entsso.cluster.resource.types;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceView;

/**
 * A {@link ResourceContext} for testing a resource type without the engine: fixed identity and parameters, given
 * dependencies, and a record of every publish, registerName, pending report and failure signal. Thread-safe.
 */
final class FakeResourceContext implements ResourceContext {
    /** One {@link #registerName} call. */
    record Registration(String name, Map<String, String> data) {}

    private final String resourceName;
    private final Map<String, String> parameters;
    private final List<ResourceView> dependencies;

    final List<Map<String, String>> published = new CopyOnWriteArrayList<>();
    final List<Registration> registrations = new CopyOnWriteArrayList<>();
    final List<String> pendingReports = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();

    FakeResourceContext(String resourceName, Map<String, String> parameters) {
        this(resourceName, parameters, List.of());
    }

    FakeResourceContext(String resourceName, Map<String, String> parameters, List<ResourceView> dependencies) {
        this.resourceName = resourceName;
        this.parameters = Map.copyOf(parameters);
        this.dependencies = List.copyOf(dependencies);
    }

    @Override
    public String resourceName() {
        return resourceName;
    }

    @Override
    public String groupName() {
        return "TestGroup";
    }

    @Override
    public String nodeName() {
        return "node1";
    }

    @Override
    public String nodeHost() {
        return "node1.example.test";
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public long epoch() {
        return 7;
    }

    @Override
    public boolean isCurrentTerm() {
        return true;
    }

    @Override
    public List<ResourceView> dependencies() {
        return dependencies;
    }

    @Override
    public Optional<byte[]> restoredCheckpoint() {
        return Optional.empty();
    }

    @Override
    public void saveCheckpoint(byte[] data) {
        throw new UnsupportedOperationException("checkpoints are not used by the built-in types");
    }

    @Override
    public void publish(Map<String, String> data) {
        published.add(Map.copyOf(data));
    }

    @Override
    public void registerName(String name, Map<String, String> data) {
        registrations.add(new Registration(name, Map.copyOf(data)));
    }

    @Override
    public void reportPending(String status) {
        pendingReports.add(status);
    }

    @Override
    public void signalFailure(String reason) {
        failures.add(reason);
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }
}
