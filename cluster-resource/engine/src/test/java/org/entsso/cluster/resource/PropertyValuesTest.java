package org.entsso.cluster.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and printing of WSFC property values (milliseconds, 4294967295 = inherit/never). */
class PropertyValuesTest {

    @ParameterizedTest(name = "''{0}'' -> {1} ms")
    @CsvSource({
        "500, 500",
        "500ms, 500",
        "500MS, 500",
        "' 500 ms ', 500",
        "5s, 5000",
        "0.5s, 500",
        "15m, 900000",
        "6h, 21600000",
        "6H, 21600000",
        "4294967295, 4294967295",
        "PT15M, 900000",
        "pt1h, 3600000",
    })
    void parsesMillisecondsSuffixesAndIso8601(String text, long millis) {
        assertThat(PropertyValues.parse("X", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "-1", "-5m", "PT0S", "-PT1S"})
    void parseRefusesZeroAndNegativeNamingTheProperty(String text) {
        assertThatThrownBy(() -> PropertyValues.parse("PendingTimeout", text))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageStartingWith("PendingTimeout ")
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "5d", "s", "1.2.3s", "P", "five minutes"})
    void parseRefusesTextThatIsNoDuration(String text) {
        assertThatThrownBy(() -> PropertyValues.parse("RestartPeriod", text))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessage("RestartPeriod must be a duration such as 500, 500ms, 5s, 15m or 6h, not '" + text + "'");
    }

    @Test
    void whenTextIsNoDuration_thenTheParseFailureIsKeptAsTheCause() {
        assertThatThrownBy(() -> PropertyValues.parse("RestartPeriod", "5d"))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasCauseInstanceOf(NumberFormatException.class);
    }

    @Test
    void parseNonNegativeAcceptsZeroButNotNegative() {
        assertThat(PropertyValues.parseNonNegative("RestartDelay", "0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> PropertyValues.parseNonNegative("RestartDelay", "-1ms"))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("RestartDelay must not be negative");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4294967295", "-1", "inherit", "Never", " 4294967295 "})
    void parseOrInheritMapsInheritValuesToNull(String text) {
        assertThat(PropertyValues.parseOrInherit("X", text)).isNull();
    }

    @Test
    void parseOrInheritParsesOrdinaryDurations() {
        assertThat(PropertyValues.parseOrInherit("X", "5s")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void formatPrintsMillisecondsAndNullAsInherit() {
        assertThat(PropertyValues.format(Duration.ofMinutes(15))).isEqualTo("900000");
        assertThat(PropertyValues.formatOrInherit(null))
                .isEqualTo(PropertyValues.INHERIT)
                .isEqualTo("4294967295");
        assertThat(PropertyValues.formatOrInherit(Duration.ofMillis(7))).isEqualTo("7");
    }

    @Test
    void parseIntTrimsAndRefusesNonNumbers() {
        assertThat(PropertyValues.parseInt("N", " 42 ")).isEqualTo(42);
        assertThatThrownBy(() -> PropertyValues.parseInt("RestartThreshold", "4294967295"))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessage("RestartThreshold must be a whole number, not '4294967295'");
    }
}
