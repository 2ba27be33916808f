package org.entsso.cluster.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.resource.ResourceSpec;
import org.junit.jupiter.api.Test;

/** Group definitions: dependency validation and ordering (anchors/wsfc.md §2.5). */
class GroupSpecTest {

    private static ResourceSpec res(String name, String dependencies) {
        return ResourceSpec.of(name, "Generic Application", null).withDependencies(dependencies);
    }

    private static GroupSpec group(ResourceSpec... resources) {
        return GroupSpec.of("SQL Group", List.of(), Arrays.asList(resources));
    }

    @Test
    void onlineOrderPutsEveryResourceAfterItsDependencies() {
        // Declared in the reverse of the order they must come online.
        GroupSpec spec = group(
                res("SQL Server", "[Network Name] and [Disk]"),
                res("Network Name", "[IP 1] or [IP 2]"),
                res("IP 1", ""),
                res("IP 2", ""),
                res("Disk", ""));

        List<String> order = spec.onlineOrder();

        assertThat(order).containsExactlyInAnyOrder("SQL Server", "Network Name", "IP 1", "IP 2", "Disk");
        assertThat(order.indexOf("IP 1")).isLessThan(order.indexOf("Network Name"));
        assertThat(order.indexOf("IP 2")).isLessThan(order.indexOf("Network Name"));
        assertThat(order.indexOf("Network Name")).isLessThan(order.indexOf("SQL Server"));
        assertThat(order.indexOf("Disk")).isLessThan(order.indexOf("SQL Server"));
    }

    @Test
    void independentResourcesKeepTheirDeclaredOrder() {
        assertThat(group(res("B", ""), res("A", ""), res("C", "")).onlineOrder())
                .containsExactly("B", "A", "C");
    }

    @Test
    void emptyGroupHasEmptyOnlineOrder() {
        assertThat(group().onlineOrder()).isEmpty();
    }

    @Test
    void whenADependencyNamesNoResourceOfTheGroup_thenRefusedNamingBoth() {
        assertThatThrownBy(() -> group(res("Network Name", "[IP 1] or [IP 9]"), res("IP 1", "")))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("'Network Name'")
                .hasMessageContaining("[IP 9]")
                .hasMessageContaining("'SQL Group'");
    }

    @Test
    void whenAResourceDependsOnItself_thenRefusedWithTheCycle() {
        assertThatThrownBy(() -> group(res("A", "[A]")))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("Dependency cycle: A -> A");
    }

    @Test
    void whenTwoResourcesDependOnEachOther_thenRefusedWithTheCycle() {
        assertThatThrownBy(() -> group(res("A", "[B]"), res("B", "[A]")))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("Dependency cycle: A -> B -> A");
    }

    @Test
    void whenThreeResourcesFormACycle_thenRefusedWithTheCyclePathOnly() {
        // Root depends on A, which is in the cycle A -> B -> C -> A; Root is not part of the reported cycle.
        assertThatThrownBy(() -> group(
                        res("Root", "[A]"),
                        res("A", "[B] and [Leaf]"),
                        res("B", "[C]"),
                        res("C", "[A]"),
                        res("Leaf", "")))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("Dependency cycle: A -> B -> C -> A")
                .hasMessageNotContaining("Root");
    }

    @Test
    void whenACycleIsBehindAnOr_thenStillRefused() {
        assertThatThrownBy(() -> group(res("A", "[X] or [B]"), res("B", "[A]"), res("X", "")))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("A -> B -> A");
    }

    @Test
    void whenTwoResourcesShareAName_thenRefused() {
        assertThatThrownBy(() -> group(res("Disk", ""), res("IP", ""), res("Disk", "")))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("two resources named 'Disk'");
    }

    @Test
    void whenTwoResourceNamesDifferOnlyInCase_thenRefusedAsDuplicates() {
        assertThatThrownBy(() -> group(res("Disk", ""), res("disk", "")))
                .isInstanceOf(InvalidClusterConfigurationException.class);
    }

    @Test
    void whenADependencyExpressionIsMalformed_thenConstructionIsRefused() {
        assertThatThrownBy(() -> group(res("A", "[B] and")))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("position");
    }

    @Test
    void dependentsOfIsTransitive() {
        GroupSpec spec = group(
                res("IP", ""),
                res("Name", "[IP]"),
                res("Service", "[Name]"),
                res("Check", "[Service] or [Disk]"),
                res("Disk", ""));

        assertThat(spec.dependentsOf("IP")).containsExactlyInAnyOrder("Name", "Service", "Check");
        assertThat(spec.dependentsOf("Disk")).containsExactly("Check");
        assertThat(spec.dependentsOf("Check")).isEmpty();
    }

    @Test
    void dependentsOfADiamondListsEachDependentOnce() {
        GroupSpec spec = group(res("Base", ""), res("L", "[Base]"), res("R", "[Base]"), res("Top", "[L] and [R]"));

        assertThat(spec.dependentsOf("Base")).containsExactlyInAnyOrder("L", "R", "Top");
    }

    @Test
    void resourceLookupIsCaseInsensitive() {
        GroupSpec spec = group(res("Network Name", ""));

        assertThat(spec.resource("network name")).map(ResourceSpec::name).contains("Network Name");
        assertThat(spec.resource("Other")).isEmpty();
    }

    @Test
    void withResourceReplacesTheNamedResourceAndRevalidates() {
        GroupSpec spec = group(res("A", ""), res("B", ""));

        assertThat(spec.withResource(res("B", "[A]")).onlineOrder()).containsExactly("A", "B");
        assertThatThrownBy(() -> spec.withResource(res("A", "[Missing]")))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("[Missing]");
    }

    @Test
    void nullPropertiesOwnersAndResourcesTakeDefaults() {
        GroupSpec spec = new GroupSpec("G", null, null, null);

        assertThat(spec.properties()).isEqualTo(GroupProperties.DEFAULTS);
        assertThat(spec.preferredOwners()).isEmpty();
        assertThat(spec.resources()).isEmpty();
    }

    @Test
    void whenGroupNameIsBlankOrHasASlash_thenRefused() {
        assertThatThrownBy(() -> GroupSpec.of(" ", List.of(), List.of()))
                .isInstanceOf(InvalidClusterConfigurationException.class);
        assertThatThrownBy(() -> GroupSpec.of("a/b", List.of(), List.of()))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("'a/b'");
    }
}
