package org.entsso.sso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.entsso.sso.mss.SecretStatus;
import org.junit.jupiter.api.Test;

class SsoConfigStatusReportTest {
    private static final Instant NOW = Instant.parse("2026-11-27T17:00:00Z");

    private static String print(SecretStatus status) {
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out);
        StatusReport.print(
                w, new SecretServerLocator.Located(URI.create("https://mss:8444"), "ENTSSO", 7), status, NOW);
        w.flush();
        return out.toString();
    }

    @Test
    void whenTheSecretHasNoBackupAndIsBeingReencrypted_thenTheWarningClosesTheBlock() {
        UUID current = UUID.randomUUID();
        UUID previous = UUID.randomUUID();
        String text = print(new SecretStatus(
                current,
                NOW.minus(Duration.ofMinutes(90)),
                Optional.of(previous),
                Optional.empty(),
                Optional.of("The master secret has not been backed up."),
                "RUNNING",
                Optional.of(previous),
                42,
                7));

        assertThat(text)
                .contains("Endpoint:        https://mss:8444")
                .contains("Epoch:           7")
                .contains("Current MSID:    " + current + " (generated 2026-11-27T15:30:00Z, 1 h 30 min ago)")
                .contains("Previous MSID:   " + previous)
                .contains("Last backup:     never")
                .contains("State:           RUNNING (from " + previous + ")")
                .contains("Remaining rows:  42");
        assertThat(text.strip()).endsWith("Run: ssoconfig -backupSecret <backupFile>");
        assertThat(text).contains("WARNING [10589] The master secret has not been backed up.");
    }

    @Test
    void whenBackedUpAndIdle_thenNoWarning() {
        String text = print(new SecretStatus(
                UUID.randomUUID(),
                NOW.minus(Duration.ofDays(3)),
                Optional.empty(),
                Optional.of(NOW.minusSeconds(5)),
                Optional.empty(),
                "IDLE",
                Optional.empty(),
                0,
                1));

        assertThat(text).contains("Previous MSID:   none", "5 s ago", "3 d 0 h ago", "State:           IDLE");
        assertThat(text).doesNotContain("WARNING");
    }
}
