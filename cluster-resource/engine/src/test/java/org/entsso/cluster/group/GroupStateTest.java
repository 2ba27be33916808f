package org.entsso.cluster.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.entsso.cluster.resource.ResourceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** WSFC group state precedence (anchors/wsfc.md §1.2), checked over every combination of up to three resources. */
class GroupStateTest {

    private static final Set<ResourceState> PENDING =
            EnumSet.of(ResourceState.Pending, ResourceState.OnlinePending, ResourceState.OfflinePending);

    /** The rule written independently of the implementation: Failed > Pending > Online > PartialOnline > Offline. */
    private static GroupState expected(List<ResourceState> states) {
        if (states.contains(ResourceState.Failed)) {
            return GroupState.Failed;
        }
        if (states.stream().anyMatch(PENDING::contains)) {
            return GroupState.Pending;
        }
        long online = states.stream().filter(s -> s == ResourceState.Online).count();
        if (!states.isEmpty() && online == states.size()) {
            return GroupState.Online;
        }
        return online > 0 ? GroupState.PartialOnline : GroupState.Offline;
    }

    private static List<List<ResourceState>> allCombinations(int maxSize) {
        List<List<ResourceState>> result = new ArrayList<>();
        result.add(List.of());
        List<List<ResourceState>> previous = List.of(List.of());
        for (int size = 1; size <= maxSize; size++) {
            List<List<ResourceState>> next = new ArrayList<>();
            for (List<ResourceState> prefix : previous) {
                for (ResourceState s : ResourceState.values()) {
                    List<ResourceState> combination = new ArrayList<>(prefix);
                    combination.add(s);
                    next.add(combination);
                }
            }
            result.addAll(next);
            previous = next;
        }
        return result;
    }

    @Test
    void everyCombinationOfUpToThreeResourceStates_followsTheWsfcPrecedence() {
        List<List<ResourceState>> combinations = allCombinations(3);
        assertThat(combinations).hasSize(1 + 9 + 81 + 729);
        for (List<ResourceState> states : combinations) {
            assertThat(GroupState.derive(states)).as("derive(%s)", states).isEqualTo(expected(states));
        }
    }

    @Test
    void whenGroupIsEmpty_thenOffline() {
        assertThat(GroupState.derive(List.of())).isEqualTo(GroupState.Offline);
    }

    @Test
    void whenAnyResourceFailed_thenFailedEvenIfOthersArePendingOrOnline() {
        assertThat(GroupState.derive(List.of(ResourceState.OnlinePending, ResourceState.Failed, ResourceState.Online)))
                .isEqualTo(GroupState.Failed);
    }

    @ParameterizedTest
    @EnumSource(
            value = ResourceState.class,
            names = {"Pending", "OnlinePending", "OfflinePending"})
    void whenAnyResourceIsPendingAndNoneFailed_thenPending(ResourceState pending) {
        assertThat(GroupState.derive(List.of(ResourceState.Online, pending, ResourceState.Offline)))
                .isEqualTo(GroupState.Pending);
    }

    @Test
    void whenAllResourcesAreOnline_thenOnline() {
        assertThat(GroupState.derive(List.of(ResourceState.Online, ResourceState.Online)))
                .isEqualTo(GroupState.Online);
    }

    @Test
    void whenSomeButNotAllResourcesAreOnline_thenPartialOnline() {
        assertThat(GroupState.derive(List.of(ResourceState.Online, ResourceState.Offline)))
                .isEqualTo(GroupState.PartialOnline);
    }

    @ParameterizedTest
    @EnumSource(
            value = ResourceState.class,
            names = {"Offline", "Unknown", "Inherited", "Initializing"})
    void whenNoResourceIsOnlinePendingOrFailed_thenOffline(ResourceState state) {
        assertThat(GroupState.derive(List.of(state, ResourceState.Offline))).isEqualTo(GroupState.Offline);
    }

    @Test
    void antiAffinityConflictDisplaysAsPowerShellDoes() {
        assertThat(GroupState.AntiAffinityConflict.display()).isEqualTo("Offline(Anti-Affinity Conflict)");
        assertThat(GroupState.PartialOnline.display()).isEqualTo("PartialOnline");
    }
}
