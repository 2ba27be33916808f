package org.entsso.cluster.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** WSFC {@code CLUSTER_RESOURCE_RESTART_ACTION} (anchors/wsfc.md §2.1). */
class RestartActionTest {

    @Test
    void codesAreWsfcs() {
        assertThat(RestartAction.DontRestart.code()).isZero();
        assertThat(RestartAction.RestartNoNotify.code()).isEqualTo(1);
        assertThat(RestartAction.RestartNotify.code()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({
        "0, DontRestart",
        "1, RestartNoNotify",
        "2, RestartNotify",
        "' 2 ', RestartNotify",
        "dontrestart, DontRestart",
        "RESTARTNONOTIFY, RestartNoNotify",
        "RestartNotify, RestartNotify",
    })
    void parsesNumbersAndCaseInsensitiveNames(String text, RestartAction expected) {
        assertThat(RestartAction.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "-1", "", "Restart", "02"})
    void whenTextIsNoAction_thenRefusedListingTheActions(String text) {
        assertThatThrownBy(() -> RestartAction.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RestartAction must be 0 (DontRestart), 1 (RestartNoNotify) or 2 (RestartNotify), not '"
                        + text + "'");
    }
}
