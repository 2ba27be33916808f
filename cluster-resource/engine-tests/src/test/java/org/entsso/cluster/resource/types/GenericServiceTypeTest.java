package org.entsso.cluster.resource.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.resource.ClusterService;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;
import org.junit.jupiter.api.Test;

class GenericServiceTypeTest {
    /** A service whose running and healthy flags the test sets. */
    static class RecordingService implements ClusterService {
        volatile boolean running;
        volatile boolean healthy = true;
        volatile ResourceContext startedWith;
        final AtomicInteger stops = new AtomicInteger();

        @Override
        public void start(ResourceContext context) {
            startedWith = context;
            running = true;
        }

        @Override
        public void stop() {
            stops.incrementAndGet();
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public boolean isHealthy() {
            return running && healthy;
        }
    }

    private final RecordingService service = new RecordingService();
    private final Map<String, Supplier<? extends ClusterService>> registry = Map.of("SsoSecretServer", () -> service);

    private ResourceInstance open(String serviceName) {
        return new GenericServiceType(registry)
                .open(new FakeResourceContext("SSO Service", Map.of("ServiceName", serviceName)));
    }

    @Test
    void typeIsNamedGenericServiceAndRequiresServiceName() {
        GenericServiceType type = new GenericServiceType(registry);
        assertThat(type.name()).isEqualTo("Generic Service");
        assertThat(type.requiredParameters()).containsExactly("ServiceName");
        assertThat(type.looksAlivePollInterval()).hasSeconds(5);
        assertThat(type.isAlivePollInterval()).hasSeconds(60);
    }

    @Test
    void online_startsTheRegisteredServiceWithTheResourceContext() {
        ResourceInstance instance = open("SsoSecretServer");

        instance.online();

        assertThat(service.running).isTrue();
        assertThat(service.startedWith.resourceName()).isEqualTo("SSO Service");
        assertThat(instance.looksAlive()).isTrue();
        assertThat(instance.isAlive()).isTrue();
    }

    @Test
    void offline_stopsTheServiceAndHealthChecksThenFail() {
        ResourceInstance instance = open("SsoSecretServer");
        instance.online();

        instance.offline();

        assertThat(service.running).isFalse();
        assertThat(service.stops).hasValue(1);
        assertThat(instance.looksAlive()).isFalse();
        assertThat(instance.isAlive()).isFalse();
    }

    @Test
    void whenServiceStopsByItself_thenLooksAliveIsFalse() {
        ResourceInstance instance = open("SsoSecretServer");
        instance.online();

        service.running = false;

        assertThat(instance.looksAlive()).isFalse();
        assertThat(instance.isAlive()).isFalse();
    }

    @Test
    void whenServiceRunsButIsUnhealthy_thenLooksAliveIsTrueAndIsAliveIsFalse() {
        ResourceInstance instance = open("SsoSecretServer");
        instance.online();

        service.healthy = false;

        assertThat(instance.looksAlive()).isTrue();
        assertThat(instance.isAlive()).isFalse();
    }

    @Test
    void terminate_stopsTheServiceAndIsIdempotent() {
        ResourceInstance instance = open("SsoSecretServer");
        instance.online();

        instance.terminate();
        instance.terminate();

        assertThat(service.running).isFalse();
        assertThat(service.stops).hasValue(1);
        assertThat(instance.looksAlive()).isFalse();
    }

    @Test
    void whenServiceNameIsNotRegistered_thenOnlineFailsNamingTheService() {
        ResourceInstance instance = open("NoSuchService");

        assertThatThrownBy(instance::online)
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("'NoSuchService'")
                .hasMessageContaining("is not registered on this node")
                .hasMessageContaining("SsoSecretServer");
    }

    @Test
    void whenStartThrows_thenOnlineFailsWithTheCauseAndTheServiceIsStopped() {
        RuntimeException boom = new IllegalStateException("port 8443 in use");
        RecordingService failing = new RecordingService() {
            @Override
            public void start(ResourceContext context) {
                throw boom;
            }
        };
        ResourceInstance instance = new GenericServiceType(Map.of("Failing", () -> failing))
                .open(new FakeResourceContext("R", Map.of("ServiceName", "Failing")));

        assertThatThrownBy(instance::online)
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("'Failing' failed to start: port 8443 in use")
                .hasCause(boom);
        assertThat(failing.stops).hasValue(1);
        assertThat(instance.looksAlive()).isFalse();
    }

    @Test
    void whenTerminateRunsDuringStart_thenTheServiceIsStoppedAndOnlineFails() {
        ResourceInstance[] holder = new ResourceInstance[1];
        RecordingService slow = new RecordingService() {
            @Override
            public void start(ResourceContext context) {
                super.start(context);
                // Terminate arrives from the engine's watchdog while start() is still running.
                holder[0].terminate();
            }
        };
        holder[0] = new GenericServiceType(Map.of("Slow", () -> slow))
                .open(new FakeResourceContext("R", Map.of("ServiceName", "Slow")));

        assertThatThrownBy(holder[0]::online)
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("terminated while starting");
        assertThat(slow.running).isFalse();
        assertThat(holder[0].looksAlive()).isFalse();
    }

    @Test
    void eachOnlineCreatesAFreshService() {
        AtomicInteger created = new AtomicInteger();
        ResourceInstance instance = new GenericServiceType(Map.of("Counted", () -> {
                    created.incrementAndGet();
                    return new RecordingService();
                }))
                .open(new FakeResourceContext("R", Map.of("ServiceName", "Counted")));

        instance.online();
        instance.offline();
        instance.online();

        assertThat(created).hasValue(2);
        assertThat(instance.isAlive()).isTrue();
    }
}
