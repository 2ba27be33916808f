package org.entsso.cluster.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.ResourceInfo;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.resource.ResourceState;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void groupTable_hasGetClusterGroupColumnsAndDashesAsLongAsEachHeader() {
        String text = Table.groups(List.of(
                        new GroupInfo("SSO", "node1", GroupState.Online, 3, Map.of()),
                        new GroupInfo("Available Storage", "", GroupState.Offline, 0, Map.of())))
                .render();

        assertThat(text.lines().toList())
                .containsExactly(
                        "Name              OwnerNode State",
                        "----              --------- -----",
                        "SSO               node1     Online",
                        "Available Storage           Offline");
    }

    @Test
    void resourceTable_hasGetClusterResourceColumns() {
        String text = Table.resources(List.of(new ResourceInfo(
                        "SSO Service", ResourceState.Failed, "SSO", "Generic Service", "node2", "", Map.of())))
                .render();

        assertThat(text.lines().toList())
                .containsExactly(
                        "Name        State  Group ResourceType",
                        "----        -----  ----- ------------",
                        "SSO Service Failed SSO   Generic Service");
    }

    @Test
    void nodeTable_hasGetClusterNodeColumns() {
        String text = Table.nodes(
                        List.of(new NodeInfo("node1", 1, NodeState.Up), new NodeInfo("node2", 2, NodeState.Paused)))
                .render();

        assertThat(text.lines().toList())
                .containsExactly("Name  ID State", "----  -- -----", "node1 1  Up", "node2 2  Paused");
    }

    @Test
    void suspendAndResumeTable_hasNameAndState() {
        assertThat(Table.nodeStates(List.of(new NodeInfo("node1", 1, NodeState.Paused)))
                        .render()
                        .lines()
                        .toList())
                .containsExactly("Name  State", "----  -----", "node1 Paused");
    }

    @Test
    void valueLongerThanItsColumn_isCutWithThreeDotsLikePowerShell() {
        Table table = Table.of(new Table.Column("Name", 19), new Table.Column("State", 16))
                .row("Cluster IP Address 2001", "Online");

        assertThat(table.render().lines().toList())
                .containsExactly(
                        "Name                State", "----                -----", "Cluster IP Addre... Online");
    }

    @Test
    void lastColumn_isNeverCut() {
        Table table = Table.of(new Table.Column("Name", 8), new Table.Column("State", 5))
                .row("g", "Offline(Anti-Affinity Conflict)");

        assertThat(table.render().lines().toList()).last().isEqualTo("g    Offline(Anti-Affinity Conflict)");
    }

    @Test
    void antiAffinityConflict_printsPowerShellsDisplayState() {
        String text = Table.groups(List.of(new GroupInfo("G", "", GroupState.AntiAffinityConflict, 0, Map.of())))
                .render();

        assertThat(text).contains("Offline(Anti-Affinity Conflict)");
    }

    @Test
    void emptyTable_printsHeadersOnly() {
        assertThat(Table.groups(List.of()).render().lines().toList())
                .containsExactly("Name OwnerNode State", "---- --------- -----");
    }

    @Test
    void rowWithWrongNumberOfValues_isRefused() {
        assertThatThrownBy(() -> Table.of(new Table.Column("Name", 8)).row("a", "b"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
