package org.entsso.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Resume-ClusterNode -Failback} modes (anchors/wsfc.md §3.2). */
class FailbackModeTest {

    @ParameterizedTest
    @CsvSource({
        "NoFailback, NoFailback",
        "nofailback, NoFailback",
        "IMMEDIATE, Immediate",
        "' Policy ', Policy",
    })
    void parsesModeNamesCaseInsensitively(String text, FailbackMode expected) {
        assertThat(FailbackMode.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "Never", "No Failback"})
    void whenTextIsNoMode_thenRefusedListingTheModes(String text) {
        assertThatThrownBy(() -> FailbackMode.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Failback must be NoFailback, Immediate or Policy, not '" + text + "'");
    }

    @Test
    void everyModeParsesFromItsName() {
        for (FailbackMode mode : FailbackMode.values()) {
            assertThat(FailbackMode.parse(mode.name())).isEqualTo(mode);
        }
    }
}
