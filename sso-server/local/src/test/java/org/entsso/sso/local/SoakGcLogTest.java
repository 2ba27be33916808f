package org.entsso.sso.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak reads every GC pause from a node's {@code -Xlog:gc,gc+phases} file, Serial's and ZGC's, from its start on. */
class SoakGcLogTest {
    @TempDir
    Path dir;

    @Test
    void pausesOfSerialAndZgc_fromTheSoaksStart_inTheCurrentAndTheRotatedFile() throws IOException {
        Path log = dir.resolve("gc.log");
        Files.writeString(
                dir.resolve("gc.log.0"),
                "[2026-12-03T09:00:00.000+0000][1.000s] GC(0) Pause Young (Allocation Failure) 20M->5M(247M) 9.500ms\n"
                        + "[2026-12-03T10:00:01.000+0000][2.000s] GC(1) Pause Young (Allocation Failure) 20M->5M(247M)"
                        + " 3.250ms\n");
        Files.writeString(
                log,
                "[2026-12-03T10:00:02.000+0000][3.000s] GC(2) Garbage Collection (Allocation Rate) 110M(43%)->80M(31%)\n"
                        + "[2026-12-03T10:00:02.100+0000][3.100s] GC(2) Pause Mark Start 0.034ms\n"
                        + "[2026-12-03T10:00:02.200+0000][3.200s] GC(2) Concurrent Mark 12.345ms\n"
                        + "[2026-12-03T10:00:02.300+0000][3.300s] GC(2) Pause Relocate Start 0.018ms\n");

        assertThat(Soak.gcPauses(log, Instant.parse("2026-12-03T10:00:00Z"))).containsExactly(3.25, 0.034, 0.018);
    }

    @Test
    void noLogYet_meansNoPauses() {
        assertThat(Soak.gcPauses(dir.resolve("gc.log"), Instant.EPOCH)).isEmpty();
    }
}
