package org.entsso.cluster.resource.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.resource.ResourceInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTypeTest {
    private FakeResourceContext context;

    private ResourceInstance open(String address, String... moreParameters) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("Address", address);
        for (int i = 0; i < moreParameters.length; i += 2) {
            parameters.put(moreParameters[i], moreParameters[i + 1]);
        }
        context = new FakeResourceContext("Cluster IP", parameters);
        return new IpAddressType().open(context);
    }

    @Test
    void typeIsNamedIpAddressAndRequiresAddress() {
        assertThat(new IpAddressType().name()).isEqualTo("IP Address");
        assertThat(new IpAddressType().requiredParameters()).containsExactly("Address");
    }

    @Test
    void online_publishesTheAddressWithTheDefaultMaskAndStaysAlive() {
        ResourceInstance ip = open("10.0.0.50");

        ip.online();

        assertThat(context.published).containsExactly(Map.of("Address", "10.0.0.50", "SubnetMask", "255.255.255.0"));
        assertThat(ip.looksAlive()).isTrue();
        assertThat(ip.isAlive()).isTrue();
    }

    @Test
    void online_acceptsAMaskAsPrefixLengthAndPublishesTheNetwork() {
        ResourceInstance ip = open("192.168.1.7", "SubnetMask", "/20", "Network", "Cluster Network 1");

        ip.online();

        assertThat(context.published)
                .containsExactly(Map.of(
                        "Address", "192.168.1.7", "SubnetMask", "255.255.240.0", "Network", "Cluster Network 1"));
    }

    @Test
    void online_acceptsAnIpv6LiteralWithAPrefixLength() {
        ResourceInstance ip = open("2001:DB8:0:0::10", "SubnetMask", "48");

        ip.online();

        assertThat(context.published).containsExactly(Map.of("Address", "2001:db8:0:0:0:0:0:10", "SubnetMask", "48"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"10.0.0.256", "10.0.0", "sso.example.com", "localhost", "host:8080", "2001:db8::zz", "1.2.3.4.5"
            })
    void whenAddressIsNotALiteral_thenOnlineFailsWithoutLookingItUp(String address) {
        ResourceInstance ip = open(address);

        assertThatThrownBy(ip::online)
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("IP Address resource 'Cluster IP'")
                .hasMessageContaining("'" + address + "' is not an IPv4 or IPv6 address literal");
        assertThat(context.published).isEmpty();
        assertThat(ip.looksAlive()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"255.0.255.0", "255.255.255.256", "33", "mask"})
    void whenSubnetMaskIsInvalid_thenOnlineFails(String mask) {
        ResourceInstance ip = open("10.0.0.50", "SubnetMask", mask);

        assertThatThrownBy(ip::online)
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("'" + mask + "' is not a valid SubnetMask for 10.0.0.50");
    }

    @Test
    void offlineAndTerminate_makeHealthChecksFail() {
        ResourceInstance ip = open("10.0.0.50");
        ip.online();
        ip.offline();
        assertThat(ip.looksAlive()).isFalse();

        ip.online();
        ip.terminate();
        assertThat(ip.isAlive()).isFalse();
    }
}
