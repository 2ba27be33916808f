package org.entsso.cluster.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.entsso.cluster.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** Counting restarts and failovers within a period (anchors/wsfc.md §2.1, §2.2), on a clock moved by hand. */
class SlidingWindowTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration PERIOD = Duration.ofMinutes(15);

    private final ManualClock clock = new ManualClock(T0);
    private final SlidingWindow window = new SlidingWindow(clock);

    @Test
    void emptyWindowCountsZero() {
        assertThat(window.countWithin(PERIOD)).isZero();
        assertThat(window.within(PERIOD)).isEmpty();
    }

    @Test
    void countsEveryEventWithinThePeriod() {
        window.record();
        clock.advance(Duration.ofMinutes(5));
        window.record();
        clock.advance(Duration.ofMinutes(5));
        window.record();

        assertThat(window.countWithin(PERIOD)).isEqualTo(3);
        assertThat(window.within(PERIOD))
                .containsExactly(T0, T0.plus(Duration.ofMinutes(5)), T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void eventsOlderThanThePeriodAreForgotten() {
        window.record();
        clock.advance(Duration.ofMinutes(10));
        window.record();
        clock.advance(Duration.ofMinutes(6)); // the first event is now 16 min old

        assertThat(window.countWithin(PERIOD)).isEqualTo(1);
        assertThat(window.within(PERIOD)).containsExactly(T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void anEventExactlyOnePeriodOldIsOutsideTheWindowAndOneMillisecondYoungerIsInside() {
        window.record();
        clock.advance(PERIOD.minusMillis(1));
        assertThat(window.countWithin(PERIOD)).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(window.countWithin(PERIOD)).isZero();
    }

    @Test
    void wsfcWorkedExample_thresholdTwoInTwoHundredMilliseconds() {
        // Two failures in any 200 ms window are tolerated; the third within 200 ms trips the threshold.
        Duration period = Duration.ofMillis(200);
        window.record();
        clock.advance(Duration.ofMillis(100));
        window.record();
        assertThat(window.countWithin(period)).isEqualTo(2);
        clock.advance(Duration.ofMillis(50));
        window.record();
        assertThat(window.countWithin(period)).isEqualTo(3);
        clock.advance(Duration.ofMillis(300));
        window.record();
        assertThat(window.countWithin(period)).isEqualTo(1);
    }

    @Test
    void historyIsSortedAndPrunedLikeRecordedEvents() {
        clock.advance(Duration.ofHours(7));
        Instant now = clock.instant();
        SlidingWindow restored = new SlidingWindow(
                clock,
                List.of(
                        now.minus(Duration.ofHours(1)),
                        now.minus(Duration.ofHours(8)),
                        now.minus(Duration.ofHours(3))));

        assertThat(restored.within(Duration.ofHours(6)))
                .containsExactly(now.minus(Duration.ofHours(3)), now.minus(Duration.ofHours(1)));
        restored.record();
        assertThat(restored.countWithin(Duration.ofHours(6))).isEqualTo(3);
        assertThat(restored.countWithin(Duration.ofMinutes(30))).isEqualTo(1);
    }

    @Test
    void clearForgetsEverything() {
        window.record();
        window.record();
        window.clear();
        assertThat(window.countWithin(PERIOD)).isZero();
    }

    @Test
    void withinReturnsASnapshot() {
        window.record();
        List<Instant> snapshot = window.within(PERIOD);
        window.record();
        assertThat(snapshot).hasSize(1);
        assertThat(window.within(PERIOD)).hasSize(2);
    }

    @Test
    void askingWithAShortPeriodDoesNotForgetEventsALongerPeriodStillCovers() {
        window.record();
        clock.advance(Duration.ofMinutes(10));

        assertThat(window.countWithin(Duration.ofMinutes(5))).isZero();
        assertThat(window.countWithin(PERIOD)).isEqualTo(1);
    }
}
