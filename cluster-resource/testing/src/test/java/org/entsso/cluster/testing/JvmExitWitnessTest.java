package org.entsso.cluster.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit witness names the thread that ended a JVM (issue 9 item 1), checked on real child JVMs: one ended by
 * {@code System.exit(2)} from a worker thread, as the crashed surefire fork was, and one that ends normally.
 */
class JvmExitWitnessTest {
    @TempDir
    Path reports;

    @Test
    void whenAThreadCallsSystemExit_thenTheReportNamesThatThreadAndItsCaller() throws Exception {
        assertThat(runChild("exit")).isEqualTo(2);

        List<Path> files = reportFiles();
        assertThat(files).hasSize(1);
        String report = Files.readString(files.get(0));
        assertThat(report)
                .startsWith("JVM exit requested at ")
                .contains("by thread 'culprit'")
                .contains(ExitingJvm.class.getName() + ".lambda$main$");
    }

    @Test
    void whenTheJvmEndsNormally_thenNoReportIsWritten() throws Exception {
        assertThat(runChild("return")).isZero();

        assertThat(reportFiles()).isEmpty();
    }

    private int runChild(String how) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ExitingJvm.class.getName(),
                        reports.toString(),
                        how)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!child.waitFor(Timing.forWaiting().toSeconds(), TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the child JVM did not end within " + Timing.forWaiting());
        }
        return child.exitValue();
    }

    private List<Path> reportFiles() throws IOException {
        if (!Files.isDirectory(reports)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(reports)) {
            return files.toList();
        }
    }

    /** The child: installs the witness, then exits from a worker thread with code 2, or just returns. */
    static final class ExitingJvm {
        public static void main(String[] args) throws InterruptedException {
            JvmExitWitness.install(Path.of(args[0]));
            if (args[1].equals("exit")) {
                Thread culprit = new Thread(() -> System.exit(2), "culprit");
                culprit.start();
                culprit.join();
            }
        }
    }
}
