package org.entsso.cluster.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.resource.ResourceState;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.ScriptedResources;
import org.entsso.cluster.testing.Specs;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Online in dependency order, offline in reverse, on a real ensemble (wsfc.md §2.5). */
@Tag("zookeeper")
class DependencyOrderTest {
    private InProcessCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(1, "node1");
        cluster.admin()
                .createGroup(Specs.group(
                        "G",
                        List.of("node1"),
                        List.of(
                                Specs.scripted("Web").withDependencies("[Name] and [Disk]"),
                                Specs.scripted("Name").withDependencies("[IP1] or [IP2]"),
                                Specs.scripted("IP1"),
                                Specs.scripted("IP2"),
                                Specs.scripted("Disk"))));
        cluster.awaitGroup("G", "node1", GroupState.Online);
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private Instant first(String resource, String what) {
        return cluster.scripted().calls(resource, what).stream()
                .map(ScriptedResources.Call::time)
                .min(Comparator.naturalOrder())
                .orElseThrow(() -> new AssertionError(resource + " never reported " + what));
    }

    @Test
    void resourcesComeOnlineAfterEverythingTheyDependOn() {
        assertThat(first("IP1", "Online")).isBefore(first("Name", "OnlineCalled"));
        assertThat(first("IP2", "Online")).isBefore(first("Name", "OnlineCalled"));
        assertThat(first("Name", "Online")).isBefore(first("Web", "OnlineCalled"));
        assertThat(first("Disk", "Online")).isBefore(first("Web", "OnlineCalled"));
    }

    @Test
    void stoppingAResourceTakesItsDependentsOfflineFirst() {
        cluster.admin().stopResource("Name", Timing.shortWait());
        assertThat(first("Web", "Offline")).isBefore(first("Name", "Offline"));
        assertThat(cluster.admin().resource("Web").state()).isEqualTo(ResourceState.Offline);
        assertThat(cluster.admin().resource("Disk").state()).isEqualTo(ResourceState.Online);
        assertThat(cluster.admin().resource("IP1").state()).isEqualTo(ResourceState.Online);
    }

    @Test
    void stoppingTheGroupGoesOfflineInReverseDependencyOrder() {
        cluster.admin().stopGroup("G", Timing.shortWait());
        assertThat(first("Web", "Offline")).isBefore(first("Name", "Offline"));
        assertThat(first("Web", "Offline")).isBefore(first("Disk", "Offline"));
        assertThat(first("Name", "Offline")).isBefore(first("IP1", "Offline"));
        assertThat(first("Name", "Offline")).isBefore(first("IP2", "Offline"));
    }

    @Test
    void anOrDependencyStillHoldsWhenOneBranchIsStopped() {
        cluster.admin().stopResource("IP1", Timing.shortWait());
        assertThat(cluster.admin().resource("Name").state()).isEqualTo(ResourceState.Online);
        cluster.admin().stopResource("IP2", Timing.shortWait());
        assertThat(cluster.admin().resource("Name").state()).isEqualTo(ResourceState.Offline);
        assertThat(cluster.admin().resource("Web").state()).isEqualTo(ResourceState.Offline);
    }

    @Test
    void aCycleOrADanglingNameIsRefusedAndTheDefinitionStaysAsItWas() {
        assertThatThrownBy(() -> cluster.admin().setResourceProperty("Disk", "Dependency", "[Web]"))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("Dependency cycle")
                .hasMessageContaining("Web");
        assertThatThrownBy(() -> cluster.admin().setResourceProperty("Disk", "Dependency", "[Quorum Disk]"))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("[Quorum Disk]");
        assertThat(cluster.admin().groupSpec("G").resource("Disk").orElseThrow().dependencies())
                .isEmpty();
    }
}
