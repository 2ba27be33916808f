package org.entsso.cluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void advance_movesTimeForwardByTheAmount() {
        SimulatedClock clock = new SimulatedClock(Clock.fixed(T0, ZoneOffset.UTC));

        clock.advance(Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(15));

        assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofMinutes(75)));
        assertThat(clock.millis()).isEqualTo(T0.plus(Duration.ofMinutes(75)).toEpochMilli());
        assertThat(clock.offset()).isEqualTo(Duration.ofMinutes(75));
    }

    @Test
    void copiesInOtherZones_shareTheOffset() {
        SimulatedClock clock = new SimulatedClock(Clock.fixed(T0, ZoneOffset.UTC));
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

        clock.advance(Duration.ofHours(6));

        assertThat(paris.instant()).isEqualTo(T0.plus(Duration.ofHours(6)));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }

    @Test
    void goingBack_isRefused() {
        SimulatedClock clock = new SimulatedClock();

        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentAdvances_areAllKept() throws InterruptedException {
        SimulatedClock clock = new SimulatedClock(Clock.fixed(T0, ZoneOffset.UTC));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 1000; i++) {
            pool.execute(() -> clock.advance(Duration.ofMillis(1)));
        }
        pool.shutdown();

        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(1));
    }
}
