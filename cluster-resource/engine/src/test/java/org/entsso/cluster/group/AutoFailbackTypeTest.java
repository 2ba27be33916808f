package org.entsso.cluster.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** WSFC {@code CLUSTER_GROUP_AUTOFAILBACK_TYPE} (anchors/wsfc.md §2.2). */
class AutoFailbackTypeTest {

    @ParameterizedTest
    @CsvSource({
        "0, PreventFailback",
        "1, AllowFailback",
        "' 1 ', AllowFailback",
        "preventfailback, PreventFailback",
        "AllowFailback, AllowFailback",
        "ClusterGroupPreventFailback, PreventFailback",
        "clustergroupallowfailback, AllowFailback",
    })
    void parsesNumbersAndWsfcNames(String text, AutoFailbackType expected) {
        assertThat(AutoFailbackType.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "-1", "", "true", "Allow"})
    void whenTextIsNoType_thenRefusedListingTheValues(String text) {
        assertThatThrownBy(() -> AutoFailbackType.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AutoFailbackType must be 0 (PreventFailback) or 1 (AllowFailback), not '" + text + "'");
    }
}
