package org.entsso.cluster.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Resource common properties and WSFC's defaults (anchors/wsfc.md §1.4, §2.1). */
class ResourcePropertiesTest {

    private static final ResourceProperties D = ResourceProperties.DEFAULTS;

    @Test
    void defaultsAreWsfcs() {
        assertThat(D.looksAlivePollInterval()).isNull();
        assertThat(D.isAlivePollInterval()).isNull();
        assertThat(D.pendingTimeout()).isEqualTo(Duration.ofMillis(180_000));
        assertThat(D.deadlockTimeout()).isEqualTo(Duration.ofMillis(300_000));
        assertThat(D.restartAction()).isEqualTo(RestartAction.RestartNotify);
        assertThat(D.restartThreshold()).isEqualTo(3);
        assertThat(D.restartPeriod()).isEqualTo(Duration.ofMillis(900_000));
        assertThat(D.restartDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(D.retryPeriodOnFailure()).isEqualTo(Duration.ofMillis(3_600_000));
    }

    @Test
    void defaultsPrintAsGetClusterResourceShowsThem() {
        assertThat(D.asMap())
                .containsExactly(
                        Map.entry("LooksAlivePollInterval", "4294967295"),
                        Map.entry("IsAlivePollInterval", "4294967295"),
                        Map.entry("PendingTimeout", "180000"),
                        Map.entry("DeadlockTimeout", "300000"),
                        Map.entry("RestartAction", "RestartNotify"),
                        Map.entry("RestartThreshold", "3"),
                        Map.entry("RestartPeriod", "900000"),
                        Map.entry("RestartDelay", "500"),
                        Map.entry("RetryPeriodOnFailure", "3600000"));
    }

    @Test
    void effectivePendingTimeoutIsTheSmallerOfPendingAndDeadlock() {
        assertThat(D.effectivePendingTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(D.with("PendingTimeout", "10m").effectivePendingTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(D.with("DeadlockTimeout", "1m").effectivePendingTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(D.with("PendingTimeout", "5m").effectivePendingTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest(name = "{0}={1} -> {2} ms")
    @CsvSource({
        "LooksAlivePollInterval, 500,    500",
        "LooksAlivePollInterval, 500ms,  500",
        "IsAlivePollInterval,    5s,     5000",
        "PendingTimeout,         15m,    900000",
        "DeadlockTimeout,        6h,     21600000",
        "RestartPeriod,          15m,    900000",
        "RestartDelay,           0,      0",
        "RestartDelay,           250ms,  250",
        "RetryPeriodOnFailure,   6h,     21600000",
        "PendingTimeout,         PT2M,   120000",
        "PendingTimeout,         1.5s,   1500",
        "PendingTimeout,         4294967295, 4294967295",
    })
    void durationPropertiesAcceptMillisecondsAndSuffixes(String name, String value, long millis) {
        ResourceProperties p = D.with(name, value);
        assertThat(p.asMap()).containsEntry(name, String.valueOf(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4294967295", "-1", "inherit", "INHERIT"})
    void pollIntervalsInheritTheTypesValue(String value) {
        ResourceProperties p = D.with("LooksAlivePollInterval", "5s")
                .with("IsAlivePollInterval", "5s")
                .with("LooksAlivePollInterval", value)
                .with("IsAlivePollInterval", value);
        assertThat(p.looksAlivePollInterval()).isNull();
        assertThat(p.isAlivePollInterval()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4294967295", "-1", "never"})
    void retryPeriodOnFailureCanBeNever(String value) {
        ResourceProperties p = D.with("RetryPeriodOnFailure", value);
        assertThat(p.retryPeriodOnFailure()).isNull();
        assertThat(p.asMap()).containsEntry("RetryPeriodOnFailure", "4294967295");
    }

    @Test
    void withSetsEveryPropertyByItsCaseInsensitiveWsfcName() {
        ResourceProperties p = D.with("looksalivepollinterval", "1s")
                .with("ISALIVEPOLLINTERVAL", "10s")
                .with("PendingTimeout", "1m")
                .with("DeadlockTimeout", "2m")
                .with("RestartAction", "1")
                .with(" RestartThreshold ", "5")
                .with("RetryPeriodOnFailure", "2h")
                .with("RestartPeriod", "30m")
                .with("RestartDelay", "2s");

        assertThat(p)
                .isEqualTo(new ResourceProperties(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(2),
                        RestartAction.RestartNoNotify,
                        5,
                        Duration.ofMinutes(30),
                        Duration.ofSeconds(2),
                        Duration.ofHours(2)));
        assertThat(D).isEqualTo(ResourceProperties.DEFAULTS);
    }

    @ParameterizedTest
    @CsvSource({"0, DontRestart", "DontRestart, DontRestart", "2, RestartNotify", "restartnonotify, RestartNoNotify"})
    void restartActionAcceptsNumbersAndNames(String value, RestartAction expected) {
        assertThat(D.with("RestartAction", value).restartAction()).isEqualTo(expected);
    }

    @Test
    void asMapRoundTripsThroughWith() {
        ResourceProperties original = new ResourceProperties(
                Duration.ofSeconds(2),
                null,
                Duration.ofSeconds(30),
                Duration.ofSeconds(45),
                RestartAction.DontRestart,
                0,
                Duration.ofMinutes(10),
                Duration.ZERO,
                null);
        ResourceProperties copy = D;
        for (Map.Entry<String, String> e : original.asMap().entrySet()) {
            copy = copy.with(e.getKey(), e.getValue());
        }
        assertThat(copy).isEqualTo(original);
    }

    @Test
    void whenRetryPeriodOnFailureIsShorterThanRestartPeriod_thenRefused() {
        assertThatThrownBy(() -> D.with("RetryPeriodOnFailure", "10m"))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("RetryPeriodOnFailure (600000) must be at least RestartPeriod (900000)");
        assertThatThrownBy(() -> D.with("RestartPeriod", "2h"))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("RetryPeriodOnFailure (3600000) must be at least RestartPeriod (7200000)");
    }

    @Test
    void retryPeriodOnFailureEqualToRestartPeriodIsAccepted() {
        assertThat(D.with("RetryPeriodOnFailure", "15m").retryPeriodOnFailure()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void withNeverRetry_anyRestartPeriodIsAccepted() {
        assertThat(D.with("RetryPeriodOnFailure", "never")
                        .with("RestartPeriod", "100h")
                        .restartPeriod())
                .isEqualTo(Duration.ofHours(100));
    }

    @Test
    void whenPropertyNameIsUnknown_thenRefusedListingTheKnownNames() {
        assertThatThrownBy(() -> D.with("RestartTreshold", "1"))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("'RestartTreshold' is not a resource property")
                .hasMessageContaining("LooksAlivePollInterval, IsAlivePollInterval, PendingTimeout");
    }

    @ParameterizedTest(name = "{0}={1} refused")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "PendingTimeout         | 0       | PendingTimeout must be a positive duration, not '0'",
                "PendingTimeout         | -5s     | PendingTimeout must be a positive duration",
                "DeadlockTimeout        | 0ms     | DeadlockTimeout must be a positive duration",
                "DeadlockTimeout        | soon    | DeadlockTimeout must be a duration such as 500, 500ms, 5s, 15m or 6h, not 'soon'",
                "RestartPeriod          | 5d      | RestartPeriod must be a duration such as",
                "RestartPeriod          | ms      | RestartPeriod must be a duration such as",
                "RestartDelay           | -1      | RestartDelay must not be negative",
                "LooksAlivePollInterval | 0       | LooksAlivePollInterval must be a positive duration",
                "IsAlivePollInterval    | fast    | IsAlivePollInterval must be a duration such as",
                "RetryPeriodOnFailure   | 1x      | RetryPeriodOnFailure must be a duration such as",
                "RestartThreshold       | -1      | RestartThreshold must be 0 or more, not -1",
                "RestartThreshold       | 3.5     | RestartThreshold must be a whole number, not '3.5'",
                "RestartAction          | 3       | RestartAction must be 0 (DontRestart), 1 (RestartNoNotify) or 2 (RestartNotify)",
                "RestartAction          | Restart | RestartAction must be 0 (DontRestart)",
                "PendingTimeout         | \"\"    | PendingTimeout needs a value",
            })
    void whenValueIsBad_thenRefusedWithAClearMessage(String name, String value, String message) {
        assertThatThrownBy(() -> D.with(name, value))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void whenARequiredDurationIsNull_thenConstructionFails() {
        assertThatThrownBy(() -> new ResourceProperties(
                        null,
                        null,
                        null,
                        Duration.ofMinutes(5),
                        RestartAction.RestartNotify,
                        3,
                        Duration.ofMinutes(15),
                        Duration.ZERO,
                        null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("pendingTimeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"LooksAlivePollInterval", "IsAlivePollInterval", "RetryPeriodOnFailure"})
    void whenAnInheritableDurationIsNull_thenRefusedAsNeedingAValue(String name) {
        assertThatThrownBy(() -> D.with(name, null))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining(name + " needs a value");
    }

    @Test
    void whenARequiredDurationIsNull_thenRefusedAsNeedingAValue() {
        assertThatThrownBy(() -> D.with("PendingTimeout", null))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("PendingTimeout needs a value");
    }
}
