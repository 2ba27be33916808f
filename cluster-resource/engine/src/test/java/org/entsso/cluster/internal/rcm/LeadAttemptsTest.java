package org.entsso.cluster.internal.rcm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeadAttemptsTest {
    @Test
    void failedAttemptsBackOffFrom100msDoublingTo2s_andASuccessStartsOver() {
        LeadAttempts a = new LeadAttempts();
        assertThat(a.failed()).isEqualTo(100);
        assertThat(a.failed()).isEqualTo(200);
        assertThat(a.failed()).isEqualTo(400);
        assertThat(a.failed()).isEqualTo(800);
        assertThat(a.failed()).isEqualTo(1600);
        assertThat(a.failed()).isEqualTo(2000);
        assertThat(a.failed()).isEqualTo(2000);
        a.succeeded();
        assertThat(a.failed()).isEqualTo(100);
    }

    @Test
    void theTickDecidesOnTheSecondLeaderlessTickInARow_andNotWhileARetryIsPending() {
        LeadAttempts a = new LeadAttempts();
        assertThat(a.tick(true)).isFalse();
        assertThat(a.tick(false)).isFalse(); // the run is broken
        assertThat(a.tick(true)).isFalse();
        assertThat(a.tick(true)).isTrue();
        assertThat(a.tick(true)).isFalse(); // counts again from zero

        a.failed(); // a retry is scheduled: the tick leaves it to the retry
        assertThat(a.tick(true)).isFalse();
        assertThat(a.tick(true)).isFalse();
        a.succeeded();
        assertThat(a.tick(true)).isFalse();
        assertThat(a.tick(true)).isTrue();
    }
}
