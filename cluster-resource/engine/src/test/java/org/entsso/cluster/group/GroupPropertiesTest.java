package org.entsso.cluster.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Group common properties and WSFC's defaults (anchors/wsfc.md §2.2, §2.4). */
class GroupPropertiesTest {

    private static final GroupProperties D = GroupProperties.DEFAULTS;

    @Test
    void defaultsAreWsfcs() {
        assertThat(D.failoverThreshold()).isEqualTo(-1);
        assertThat(D.failoverPeriodHours()).isEqualTo(6);
        assertThat(D.autoFailbackType()).isEqualTo(AutoFailbackType.PreventFailback);
        assertThat(D.failbackWindowStart()).isEqualTo(-1);
        assertThat(D.failbackWindowEnd()).isEqualTo(-1);
        assertThat(D.antiAffinityClassNames()).isEmpty();
        assertThat(D.asMap())
                .containsExactly(
                        Map.entry("FailoverThreshold", "4294967295"),
                        Map.entry("FailoverPeriod", "6"),
                        Map.entry("AutoFailbackType", "0"),
                        Map.entry("FailbackWindowStart", "-1"),
                        Map.entry("FailbackWindowEnd", "-1"),
                        Map.entry("AntiAffinityClassNames", ""));
    }

    @ParameterizedTest(name = "{0} nodes -> threshold {1}")
    @CsvSource({"1, 0", "2, 1", "4, 3", "0, 0"})
    void defaultFailoverThresholdIsNodesMinusOne(int nodes, int threshold) {
        assertThat(D.effectiveFailoverThreshold(nodes)).isEqualTo(threshold);
    }

    @Test
    void explicitFailoverThresholdIgnoresNodeCount() {
        GroupProperties p = D.with("FailoverThreshold", "5");
        assertThat(p.effectiveFailoverThreshold(2)).isEqualTo(5);
        assertThat(D.with("FailoverThreshold", "0").effectiveFailoverThreshold(4))
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4294967295", "-1", " 4294967295 "})
    void failoverThresholdInheritValuesMeanNodesMinusOne(String value) {
        GroupProperties p = D.with("FailoverThreshold", "2").with("FailoverThreshold", value);
        assertThat(p.failoverThreshold()).isEqualTo(-1);
        assertThat(p.effectiveFailoverThreshold(3)).isEqualTo(2);
    }

    @Test
    void withSetsEveryPropertyByItsCaseInsensitiveWsfcName() {
        GroupProperties p = D.with("failoverthreshold", "2")
                .with("FAILOVERPERIOD", "12")
                .with(" AutoFailbackType ", "1")
                .with("FailbackWindowStart", "22")
                .with("FailbackWindowEnd", "3")
                .with("AntiAffinityClassNames", "SQL, Web ,Cache");

        assertThat(p)
                .isEqualTo(new GroupProperties(
                        2, 12, AutoFailbackType.AllowFailback, 22, 3, List.of("SQL", "Web", "Cache")));
        assertThat(D).isEqualTo(GroupProperties.DEFAULTS); // immutability: the original is unchanged
    }

    @ParameterizedTest
    @CsvSource({
        "0, PreventFailback",
        "1, AllowFailback",
        "AllowFailback, AllowFailback",
        "preventfailback, PreventFailback"
    })
    void autoFailbackTypeAcceptsNumbersAndNames(String value, AutoFailbackType expected) {
        assertThat(D.with("AutoFailbackType", value).autoFailbackType()).isEqualTo(expected);
    }

    @Test
    void blankAntiAffinityClassNamesClearTheList() {
        assertThat(D.with("AntiAffinityClassNames", "A,B")
                        .with("AntiAffinityClassNames", " ")
                        .antiAffinityClassNames())
                .isEmpty();
    }

    @Test
    void asMapRoundTripsThroughWith() {
        GroupProperties original = new GroupProperties(3, 24, AutoFailbackType.AllowFailback, 23, 1, List.of("A", "B"));
        GroupProperties copy = D;
        for (Map.Entry<String, String> e : original.asMap().entrySet()) {
            copy = copy.with(e.getKey(), e.getValue());
        }
        assertThat(copy).isEqualTo(original);
        assertThat(copy.asMap()).isEqualTo(original.asMap());
    }

    @Test
    void defaultsRoundTripThroughWith() {
        GroupProperties changed = new GroupProperties(3, 24, AutoFailbackType.AllowFailback, 23, 1, List.of("A"));
        GroupProperties copy = changed;
        for (Map.Entry<String, String> e : D.asMap().entrySet()) {
            copy = copy.with(e.getKey(), e.getValue());
        }
        assertThat(copy).isEqualTo(D);
    }

    @Test
    void whenPropertyNameIsUnknown_thenRefusedListingTheKnownNames() {
        assertThatThrownBy(() -> D.with("FailoverThresold", "1"))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("'FailoverThresold' is not a group property")
                .hasMessageContaining("FailoverThreshold, FailoverPeriod, AutoFailbackType");
    }

    @ParameterizedTest(name = "{0}={1} refused")
    @CsvSource(
            delimiter = '|',
            value = {
                "FailoverThreshold   | -2   | FailoverThreshold must be 0 or more",
                "FailoverThreshold   | many | FailoverThreshold must be a whole number",
                "FailoverPeriod      | 0    | FailoverPeriod must be 1 to 1193 hours",
                "FailoverPeriod      | 1194 | FailoverPeriod must be 1 to 1193 hours",
                "FailoverPeriod      | 6h   | FailoverPeriod must be a whole number",
                "AutoFailbackType    | 2    | AutoFailbackType must be 0 (PreventFailback) or 1 (AllowFailback)",
                "FailbackWindowStart | 24   | FailbackWindowStart must be an hour 0-23 or -1",
                "FailbackWindowStart | -2   | FailbackWindowStart must be an hour 0-23 or -1",
                "FailbackWindowEnd   | 24   | FailbackWindowEnd must be an hour 0-23 or -1",
                "FailbackWindowEnd   | noon | FailbackWindowEnd must be a whole number",
            })
    void whenValueIsBad_thenRefusedWithAClearMessage(String name, String value, String message) {
        assertThatThrownBy(() -> D.with(name, value))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void failoverPeriodBoundsAreAccepted() {
        assertThat(D.with("FailoverPeriod", "1").failoverPeriodHours()).isEqualTo(1);
        assertThat(D.with("FailoverPeriod", "1193").failoverPeriodHours()).isEqualTo(1193);
    }

    @Test
    void withNoWindow_everyHourIsInTheWindow() {
        assertThat(D.hasFailbackWindow()).isFalse();
        for (int hour = 0; hour < 24; hour++) {
            assertThat(D.inFailbackWindow(hour)).as("hour %d", hour).isTrue();
        }
    }

    @Test
    void withOnlyOneEndSet_thereIsNoWindow() {
        GroupProperties startOnly = D.with("FailbackWindowStart", "2");
        GroupProperties endOnly = D.with("FailbackWindowEnd", "2");
        assertThat(startOnly.hasFailbackWindow()).isFalse();
        assertThat(endOnly.hasFailbackWindow()).isFalse();
        assertThat(startOnly.inFailbackWindow(12)).isTrue();
        assertThat(endOnly.inFailbackWindow(12)).isTrue();
    }

    @Test
    void windowWithinOneDayIncludesBothEnds() {
        GroupProperties p = D.with("FailbackWindowStart", "2").with("FailbackWindowEnd", "4");
        assertThat(p.hasFailbackWindow()).isTrue();
        for (int hour = 0; hour < 24; hour++) {
            assertThat(p.inFailbackWindow(hour)).as("hour %d", hour).isEqualTo(hour >= 2 && hour <= 4);
        }
    }

    @Test
    void windowWrappingMidnightIncludesLateEveningAndEarlyMorning() {
        GroupProperties p = D.with("FailbackWindowStart", "22").with("FailbackWindowEnd", "2");
        for (int hour = 0; hour < 24; hour++) {
            boolean expected = hour >= 22 || hour <= 2;
            assertThat(p.inFailbackWindow(hour)).as("hour %d", hour).isEqualTo(expected);
        }
    }

    @Test
    void windowStartingAndEndingOnTheSameHourIsThatHour() {
        GroupProperties p = D.with("FailbackWindowStart", "0").with("FailbackWindowEnd", "0");
        assertThat(p.inFailbackWindow(0)).isTrue();
        assertThat(p.inFailbackWindow(1)).isFalse();
        assertThat(p.inFailbackWindow(23)).isFalse();
    }
}
