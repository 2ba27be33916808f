package org.entsso.cluster.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One rule for {@code timing.multiple} in every module: a positive decimal (issue 9 item 9). */
class TimingTest {
    @Test
    void whenTheMultipleIsADecimal_thenItIsHonouredNotIgnored() {
        assertThat(Timing.multiple("2.5")).isEqualTo(2.5);
        assertThat(Timing.multiple("3")).isEqualTo(3.0);
    }

    @Test
    void whenTheMultipleIsNotAPositiveNumber_thenItIsRefusedRatherThanSilentlyReadAsOne() {
        assertThatThrownBy(() -> Timing.multiple("fast")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Timing.multiple("0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Timing.multiple("-1")).isInstanceOf(IllegalArgumentException.class);
    }
}
