package org.entsso.cluster.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Owner choice with WSFC's preferred-owner, possible-owner and anti-affinity rules (anchors/wsfc.md §2.3, §2.4). */
class OwnerSelectionTest {

    private static final List<String> NODES = List.of("1", "2", "3", "4");
    private static final Set<String> ALL = Set.copyOf(NODES);

    @Test
    void preferredOwnersArePaddedWithTheRemainingNodesInIdOrder() {
        assertThat(OwnerSelection.paddedPreferredOwners(List.of("3", "4"), NODES))
                .containsExactly("3", "4", "1", "2");
    }

    @Test
    void withNoPreferredOwnersThePaddedListIsTheNodeOrder() {
        assertThat(OwnerSelection.paddedPreferredOwners(List.of(), NODES)).containsExactly("1", "2", "3", "4");
    }

    @Test
    void paddingKeepsThePreferredOrderEvenWhenItIsNotTheIdOrder() {
        assertThat(OwnerSelection.paddedPreferredOwners(List.of("4", "2"), NODES))
                .containsExactly("4", "2", "1", "3");
    }

    @Test
    void preferredOwnersThatAreNotClusterNodesAreDroppedAndDuplicatesCollapse() {
        assertThat(OwnerSelection.paddedPreferredOwners(List.of("9", "3", "3"), NODES))
                .containsExactly("3", "1", "2", "4");
    }

    @Test
    void whenFirstPlaced_thenTheMostPreferredCandidateIsChosen() {
        List<String> order = OwnerSelection.paddedPreferredOwners(List.of("3", "4"), NODES);
        assertThat(OwnerSelection.choose(order, ALL, null, Map.of(), false)).contains("3");
    }

    @Test
    void whenGroupFailsOnNode4WithPreferred34_thenItMovesToNode1NotNode3() {
        List<String> order = OwnerSelection.paddedPreferredOwners(List.of("3", "4"), NODES);
        assertThat(OwnerSelection.choose(order, ALL, "4", Map.of(), false)).contains("1");
    }

    @Test
    void whenGroupFailsOnTheLastNodeOfTheOrder_thenTheSearchWrapsToTheFirst() {
        List<String> order = OwnerSelection.paddedPreferredOwners(List.of("3", "4"), NODES);
        assertThat(OwnerSelection.choose(order, ALL, "2", Map.of(), false)).contains("3");
    }

    @Test
    void whenGroupFailsOnNode3_thenItMovesToNode4() {
        List<String> order = OwnerSelection.paddedPreferredOwners(List.of("3", "4"), NODES);
        assertThat(OwnerSelection.choose(order, ALL, "3", Map.of(), false)).contains("4");
    }

    @Test
    void candidatesAreAHardLimit() {
        List<String> order = OwnerSelection.paddedPreferredOwners(List.of("3", "4"), NODES);
        assertThat(OwnerSelection.choose(order, Set.of("2"), "4", Map.of(), false))
                .contains("2");
        assertThat(OwnerSelection.choose(order, Set.of("2"), null, Map.of(), false))
                .contains("2");
        assertThat(OwnerSelection.choose(order, Set.of(), null, Map.of(), false))
                .isEmpty();
    }

    @Test
    void candidatesOutsideTheOrderAreNeverChosen() {
        assertThat(OwnerSelection.choose(List.of("1", "2"), Set.of("5"), null, Map.of(), false))
                .isEmpty();
    }

    @Test
    void theLeavingNodeIsNeverChosenEvenWhenItIsTheOnlyCandidate() {
        assertThat(OwnerSelection.choose(NODES, Set.of("4"), "4", Map.of(), false))
                .isEmpty();
        assertThat(OwnerSelection.choose(NODES, ALL, "1", Map.of(), false)).contains("2");
    }

    @Test
    void aLeavingNodeThatIsNotInTheOrderIsStillExcluded() {
        assertThat(OwnerSelection.choose(NODES, Set.of("1", "X"), "X", Map.of(), false))
                .contains("1");
        assertThat(OwnerSelection.choose(NODES, ALL, "X", Map.of(), false)).contains("1");
    }

    @Test
    void softAntiAffinityPrefersANodeWithoutAConflictingGroup() {
        Map<String, Integer> conflicts = Map.of("3", 1, "4", 2);
        List<String> order = OwnerSelection.paddedPreferredOwners(List.of("3", "4"), NODES);
        assertThat(OwnerSelection.choose(order, ALL, null, conflicts, false)).contains("1");
    }

    @Test
    void zeroConflictsCountAsFree() {
        assertThat(OwnerSelection.choose(NODES, ALL, null, Map.of("1", 0), false))
                .contains("1");
    }

    @Test
    void softAntiAffinityFallsBackToTheOrderWhenEveryCandidateConflicts() {
        Map<String, Integer> conflicts = Map.of("1", 1, "2", 1, "3", 1, "4", 1);
        List<String> order = OwnerSelection.paddedPreferredOwners(List.of("3", "4"), NODES);
        assertThat(OwnerSelection.choose(order, ALL, "4", conflicts, false)).contains("1");
        assertThat(OwnerSelection.choose(order, ALL, null, conflicts, false)).contains("3");
    }

    @Test
    void softAntiAffinityIgnoresConflictsOnNodesThatAreNotCandidates() {
        // Node 2 is free but not a candidate: the fallback is the conflicting candidate, not node 2.
        Map<String, Integer> conflicts = Map.of("1", 1, "3", 1);
        assertThat(OwnerSelection.choose(NODES, Set.of("1", "3"), null, conflicts, false))
                .contains("1");
    }

    @Test
    void hardAntiAffinityStillChoosesAFreeNode() {
        Map<String, Integer> conflicts = Map.of("1", 1, "2", 1);
        assertThat(OwnerSelection.choose(NODES, ALL, null, conflicts, true)).contains("3");
    }

    @Test
    void hardAntiAffinityReturnsEmptyWhenEveryCandidateConflicts() {
        Map<String, Integer> conflicts = Map.of("1", 1, "2", 1, "3", 1, "4", 1);
        assertThat(OwnerSelection.choose(NODES, ALL, null, conflicts, true)).isEmpty();
        assertThat(OwnerSelection.choose(NODES, Set.of("2"), "1", conflicts, true))
                .isEmpty();
    }

    @Test
    void chooseDoesNotModifyTheOrder() {
        List<String> order = new java.util.ArrayList<>(NODES);
        OwnerSelection.choose(order, Set.of("3"), "2", Map.of(), false);
        assertThat(order).containsExactly("1", "2", "3", "4");
    }
}
