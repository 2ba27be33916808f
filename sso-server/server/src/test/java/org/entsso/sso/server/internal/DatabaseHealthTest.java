package org.entsso.sso.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.entsso.sso.server.internal.DatabaseHealth.ReadPermit;
import org.junit.jupiter.api.Test;

/** While the database fails, one read at a time may try it; the rest answer without it. */
class DatabaseHealthTest {
    private final DatabaseHealth health = new DatabaseHealth(Clock.systemUTC(), Duration.ofMinutes(5));

    @Test
    void whileTheDatabaseAnswers_everyReadIsFree() {
        assertThat(health.readPermit()).isEqualTo(ReadPermit.FREE);
        assertThat(health.readPermit()).isEqualTo(ReadPermit.FREE);
    }

    @Test
    void whileItFails_oneReadTriesIt_theOthersAreRefused_untilTheTrialEnds() {
        health.failed();

        assertThat(health.readPermit()).isEqualTo(ReadPermit.TRIAL);
        assertThat(health.readPermit()).isEqualTo(ReadPermit.REFUSED);
        assertThat(health.readPermit()).isEqualTo(ReadPermit.REFUSED);

        health.trialDone();
        assertThat(health.readPermit()).as("the next read tries again").isEqualTo(ReadPermit.TRIAL);
        health.succeeded();
        health.trialDone();
        assertThat(health.readPermit()).as("back: every read goes").isEqualTo(ReadPermit.FREE);
        assertThat(health.readPermit()).isEqualTo(ReadPermit.FREE);
    }
}
