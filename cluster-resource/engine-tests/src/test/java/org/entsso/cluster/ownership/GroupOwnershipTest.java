package org.entsso.cluster.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.ScriptedResources;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupOwnershipTest {
    private InProcessCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = InProcessCluster.start(3, "node1", "node2", "node3");
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    private static GroupSpec group(String name, List<String> preferred) {
        return GroupSpec.of(
                name,
                preferred,
                List.of(
                        ResourceSpec.of(name + "-A", ScriptedResources.TYPE, Map.of()),
                        ResourceSpec.of(name + "-B", ScriptedResources.TYPE, Map.of())
                                .withDependencies("[" + name + "-A]")));
    }

    @Test
    void whenGroupIsCreated_thenItComesOnlineOnItsFirstPreferredOwner() {
        cluster.admin().createGroup(group("G", List.of("node2", "node1")));
        GroupInfo info = cluster.awaitGroup("G", "node2", GroupState.Online);
        assertThat(info.epoch()).isPositive();
    }

    @Test
    void whenMovedToANode_thenTheGroupIsOnlineThereWithALargerEpoch() {
        cluster.admin().createGroup(group("G", List.of("node1")));
        long before = cluster.awaitGroup("G", "node1", GroupState.Online).epoch();
        GroupInfo after = cluster.admin().moveGroup("G", Optional.of("node3"), Timing.forWaiting());
        assertThat(after.ownerNode()).isEqualTo("node3");
        assertThat(after.state()).isEqualTo(GroupState.Online);
        assertThat(after.epoch()).isGreaterThan(before);
    }

    @Test
    void whenOwnerCrashes_thenTheNextPreferredOwnerTakesTheGroup() {
        cluster.admin().createGroup(group("G", List.of("node1", "node3", "node2")));
        cluster.awaitGroup("G", "node1", GroupState.Online);
        cluster.crash("node1");
        cluster.awaitGroup("G", "node3", GroupState.Online);
    }
}
