package org.entsso.sso.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.entsso.sso.transport.TlsSettings;
import org.junit.jupiter.api.Test;

/** The token bucket of {@link HandshakeAdmission}, on a clock the test gives. */
class HandshakeAdmissionBucketTest {
    private static final long SECOND = 1_000_000_000L;

    private final HandshakeAdmission admission =
            new HandshakeAdmission(new TlsSettings.HandshakeRate(2, 3), HttpMeters.NONE);

    @Test
    void whenASourceUsesItsBurst_thenItWaitsForTheRate_andOtherSourcesDoNot() throws Exception {
        InetAddress one = InetAddress.getByName("192.0.2.1");
        InetAddress two = InetAddress.getByName("192.0.2.2");
        long t = 1_000 * SECOND;

        assertThat(admission.admit(one, t)).isTrue();
        assertThat(admission.admit(one, t)).isTrue();
        assertThat(admission.admit(one, t)).isTrue();
        assertThat(admission.admit(one, t)).as("burst of 3 used").isFalse();
        assertThat(admission.admit(two, t))
                .as("another source has a bucket of its own")
                .isTrue();

        assertThat(admission.admit(one, t + SECOND / 4))
                .as("half a token after 250 ms at 2/s")
                .isFalse();
        assertThat(admission.admit(one, t + SECOND / 2))
                .as("one token after 500 ms")
                .isTrue();
        assertThat(admission.admit(one, t + SECOND / 2)).isFalse();
    }

    @Test
    void whenASourceStaysAway_thenItsBucketFillsToTheBurstAndNoFurther() throws Exception {
        InetAddress one = InetAddress.getByName("192.0.2.1");
        long t = 1_000 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(admission.admit(one, t)).isTrue();
        }
        long later = t + 3600 * SECOND;
        int admitted = 0;
        while (admission.admit(one, later)) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(3);
    }
}
