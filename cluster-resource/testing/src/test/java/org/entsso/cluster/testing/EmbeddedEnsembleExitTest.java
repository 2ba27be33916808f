package org.entsso.cluster.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.zookeeper.util.ServiceUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An embedded ensemble never lets a failing ZooKeeper peer end the JVM it runs in (issue 9 item 1), checked on real
 * child JVMs. ZooKeeper's {@code ZooKeeperServerEmbedded}, built by curator-test for every server started or
 * restarted, sets the JVM-wide exit procedure to {@code System.exit}; a peer whose runner then fails ended the test
 * fork with exit code 2. The child starts an ensemble, restarts a server, and asks ZooKeeper to exit as a failing peer
 * does.
 */
@Tag("zookeeper")
class EmbeddedEnsembleExitTest {
    @Test
    void whenAPeerFailsAfterAStartAndARestart_thenTheJvmKeepsRunning() throws Exception {
        Result child = runChild();

        assertThat(child.exitCode()).as(child.output()).isZero();
        assertThat(child.output()).contains("still running after the peer's exit request");
    }

    private record Result(int exitCode, String output) {}

    private static Result runChild() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        java.toString(), "-cp", System.getProperty("java.class.path"), EnsembleJvm.class.getName())
                .redirectErrorStream(true)
                .start();
        byte[] output = child.getInputStream().readAllBytes();
        if (!child.waitFor(Timing.forWaiting().toSeconds(), TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the child JVM did not end within " + Timing.forWaiting());
        }
        return new Result(child.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** The child: an ensemble of three, one server restarted, then the exit request a failing peer's runner makes. */
    static final class EnsembleJvm {
        public static void main(String[] args) throws IOException {
            try (EmbeddedEnsemble ensemble = EmbeddedEnsemble.start(3, Duration.ofMillis(500))) {
                InstanceSpec one = ensemble.servers().getInstances().iterator().next();
                ensemble.kill(one);
                ensemble.restart(one);
                ServiceUtils.requestSystemExit(2); // what ZooKeeperServerEmbeddedImpl's runner does on a peer error
                System.out.println("still running after the peer's exit request");
            }
            System.exit(0); // curator-test leaves non-daemon threads behind
        }
    }
}
