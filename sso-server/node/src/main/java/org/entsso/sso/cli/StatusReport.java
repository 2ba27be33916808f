package org.entsso.sso.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.entsso.sso.mss.SecretStatus;

/**
 * The block {@code ssoconfig -status} prints: the master secret server, the current and previous MSIDs, the last
 * backup, re-encryption, and the 10589 warning set off at the end when the current secret has no backup. MSIDs and
 * times only: a status never holds a key.
 */
final class StatusReport {
    private StatusReport() {}

    static void print(PrintWriter out, SecretServerLocator.Located mss, SecretStatus s, Instant now) {
        out.println("Master secret server");
        row(out, "Network name", mss.networkName());
        row(out, "Endpoint", mss.endpoint().toString());
        row(out, "Epoch", Long.toString(s.epoch()));
        out.println("Master secret");
        row(out, "Current MSID", s.currentMsid() + " (generated " + when(s.currentCreated(), now) + ")");
        row(out, "Previous MSID", s.previousMsid().map(UUID::toString).orElse("none"));
        row(out, "Last backup", s.lastBackupAt().map(t -> when(t, now)).orElse("never"));
        out.println("Re-encryption");
        String state = s.reencryptionState();
        if (s.reencryptionSource().isPresent()) {
            state += " (from " + s.reencryptionSource().get() + ")";
        }
        row(out, "State", state);
        row(out, "Remaining rows", Long.toString(s.remaining()));
        s.backupWarning().ifPresent(warning -> {
            out.println();
            out.println("WARNING [10589] " + warning);
            out.println("Run: ssoconfig -backupSecret <backupFile>");
        });
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf("  %-16s %s%n", name + ":", value);
    }

    static String when(Instant time, Instant now) {
        return time.truncatedTo(ChronoUnit.SECONDS) + ", " + age(Duration.between(time, now)) + " ago";
    }

    static String age(Duration d) {
        if (d.isNegative()) {
            return "0 s";
        }
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min";
        }
        if (minutes > 0) {
            return minutes + " min " + d.toSecondsPart() + " s";
        }
        return d.toSecondsPart() + " s";
    }
}
