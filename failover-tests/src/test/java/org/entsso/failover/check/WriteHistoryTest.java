package org.entsso.failover.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.entsso.failover.check.WriteHistory.Outcome;
import org.entsso.failover.check.WriteHistory.Via;
import org.entsso.failover.check.WriteHistory.Write;
import org.junit.jupiter.api.Test;

/** The acknowledged-write check's judgement: what it must catch and what it must let pass. */
class WriteHistoryTest {
    private final WriteHistory history = new WriteHistory();

    private void write(long n, Outcome outcome) {
        history.record(new Write(n, "CHECK\\w" + n, "v" + n, Via.SINGLE_ATTEMPT, outcome, ""));
    }

    @Test
    void acknowledgedThere_fencedAbsent_indeterminateEitherWay_isValid() {
        write(1, Outcome.ACKNOWLEDGED);
        write(2, Outcome.FENCED);
        write(3, Outcome.INDETERMINATE);
        write(4, Outcome.INDETERMINATE);
        write(5, Outcome.NOT_SENT);
        Map<String, String> stored = Map.of("CHECK\\w1", "v1", "CHECK\\w3", "v3");

        WriteHistory.Verdict v = history.verify(a -> Optional.ofNullable(stored.get(a)));

        assertThat(v.valid()).isTrue();
        assertThat(v.acknowledged()).isEqualTo(1);
        assertThat(v.fenced()).isEqualTo(1);
        assertThat(v.indeterminateApplied()).isEqualTo(1);
        assertThat(v.indeterminateNotApplied()).isEqualTo(1);
        assertThat(v.notSent()).isEqualTo(1);
    }

    @Test
    void anAcknowledgedWriteMissingOrHoldingAnotherValue_isLost() {
        write(1, Outcome.ACKNOWLEDGED);
        write(2, Outcome.ACKNOWLEDGED);
        Map<String, String> stored = Map.of("CHECK\\w2", "v1");

        WriteHistory.Verdict v = history.verify(a -> Optional.ofNullable(stored.get(a)));

        assertThat(v.valid()).isFalse();
        assertThat(v.lost())
                .containsExactly(
                        "write 1 (SINGLE_ATTEMPT) to CHECK\\w1: acknowledged, but the account holds no credentials",
                        "write 2 (SINGLE_ATTEMPT) to CHECK\\w2: acknowledged, but the account holds another value");
    }

    @Test
    void aFencedWriteThatIsThere_isCaught() {
        write(7, Outcome.FENCED);

        WriteHistory.Verdict v = history.verify(a -> Optional.of("v7"));

        assertThat(v.valid()).isFalse();
        assertThat(v.refusedPresent()).hasSize(1).first().asString().startsWith("write 7 (SINGLE_ATTEMPT)");
    }

    @Test
    void aWriteRefusedBeforeApplyingThatIsThere_isCaught() {
        write(3, Outcome.REFUSED);
        write(4, Outcome.REFUSED);

        WriteHistory.Verdict v = history.verify(a -> a.endsWith("w3") ? Optional.of("v3") : Optional.empty());

        assertThat(v.valid()).isFalse();
        assertThat(v.refused()).isEqualTo(2);
        assertThat(v.refusedPresent()).hasSize(1).first().asString().startsWith("write 3 (SINGLE_ATTEMPT)");
    }

    @Test
    void anAccountThatCannotBeReadBack_leavesTheHistoryUnverified() {
        write(1, Outcome.ACKNOWLEDGED);

        WriteHistory.Verdict v = history.verify(a -> {
            throw new IllegalStateException("10783 no server");
        });

        assertThat(v.valid()).isFalse();
        assertThat(v.unverified())
                .containsExactly("write 1 (SINGLE_ATTEMPT) to CHECK\\w1: could not be read back: 10783 no server");
    }

    @Test
    void theSavedHistoryHoldsNoValue(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        history.record(new Write(1, "CHECK\\w1", "secret-value-1", Via.CLIENT_LIBRARY, Outcome.ACKNOWLEDGED, ""));
        history.save(dir.resolve("history.tsv"));

        assertThat(java.nio.file.Files.readString(dir.resolve("history.tsv")))
                .contains("CHECK\\w1")
                .doesNotContain("secret-value-1");
    }
}
