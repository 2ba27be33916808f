package org.entsso.cluster.resource.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.cluster.resource.ResourceState;
import org.entsso.cluster.resource.ResourceView;
import org.junit.jupiter.api.Test;

class NetworkNameTypeTest {
    private FakeResourceContext context;

    private static ResourceView ip(String name, ResourceState state, String address) {
        Map<String, String> published =
                state == ResourceState.Online ? Map.of("Address", address, "SubnetMask", "255.255.255.0") : Map.of();
        return new ResourceView(name, "IP Address", state, Map.of("Address", address), published);
    }

    private ResourceInstance open(List<ResourceView> dependencies, String... parameters) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            map.put(parameters[i], parameters[i + 1]);
        }
        context = new FakeResourceContext("SSO Name", map, dependencies);
        return new NetworkNameType().open(context);
    }

    @Test
    void typeIsNamedNetworkNameAndRequiresName() {
        assertThat(new NetworkNameType().name()).isEqualTo("Network Name");
        assertThat(new NetworkNameType().requiredParameters()).containsExactly("Name");
    }

    @Test
    void online_registersTheNameWithTheAddressesOfOnlineIpDependencies() {
        ResourceInstance name = open(
                List.of(
                        ip("IP site A", ResourceState.Online, "10.0.0.50"),
                        ip("IP site B", ResourceState.Online, "10.1.0.50")),
                "Name",
                "ssosecret",
                "Port",
                "5000");

        name.online();

        assertThat(context.registrations)
                .containsExactly(new FakeResourceContext.Registration(
                        "ssosecret",
                        Map.of(
                                "Name", "ssosecret",
                                "Addresses", "10.0.0.50,10.1.0.50",
                                "Host", "node1.example.test",
                                "Port", "5000")));
        assertThat(name.looksAlive()).isTrue();
        assertThat(name.isAlive()).isTrue();
    }

    @Test
    void withAnOrDependency_onlyTheOnlineAddressesAreRegisteredAndPortIsOmittedWhenUnset() {
        ResourceInstance name = open(
                List.of(
                        ip("IP site A", ResourceState.Failed, "10.0.0.50"),
                        ip("IP site B", ResourceState.Online, "10.1.0.50")),
                "Name",
                "ssosecret.corp.example");

        name.online();

        assertThat(context.registrations).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("ssosecret.corp.example");
            assertThat(r.data()).containsEntry("Addresses", "10.1.0.50").doesNotContainKey("Port");
        });
    }

    @Test
    void withoutIpDependencies_onlineFailsAndRegistersNothing() {
        ResourceInstance name = open(List.of(), "Name", "ssosecret");

        assertThatThrownBy(name::online)
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("needs at least one Online IP Address dependency to register 'ssosecret'")
                .hasMessageContaining("has no dependencies");
        assertThat(context.registrations).isEmpty();
        assertThat(name.looksAlive()).isFalse();
    }

    @Test
    void whenNoIpDependencyIsOnline_onlineFailsListingTheirStates() {
        ResourceInstance name = open(List.of(ip("IP site A", ResourceState.Offline, "10.0.0.50")), "Name", "ssosecret");

        assertThatThrownBy(name::online)
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("IP site A (Offline)");
    }

    @Test
    void invalidNameOrPortIsRefused() {
        List<ResourceView> ips = List.of(ip("IP", ResourceState.Online, "10.0.0.50"));
        assertThatThrownBy(open(ips, "Name", "bad_name!")::online)
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("'bad_name!' is not a valid DNS host name");
        assertThatThrownBy(open(ips, "Name", "ok", "Port", "70000")::online)
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("Port must be between 1 and 65535");
    }

    @Test
    void afterTerminate_healthChecksFail() {
        ResourceInstance name = open(List.of(ip("IP", ResourceState.Online, "10.0.0.50")), "Name", "ssosecret");
        name.online();

        name.terminate();

        assertThat(name.looksAlive()).isFalse();
        assertThat(name.isAlive()).isFalse();
    }
}
