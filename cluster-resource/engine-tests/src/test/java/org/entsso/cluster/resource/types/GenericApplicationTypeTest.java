package org.entsso.cluster.resource.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generic Application against real processes ({@code sleep}, {@code sh}) started and killed by the test. */
class GenericApplicationTypeTest {
    @TempDir
    Path dir;

    private FakeResourceContext context;
    private GenericApplicationInstance instance;

    @AfterEach
    void killLeftovers() {
        if (instance != null) {
            instance.terminate();
        }
    }

    private GenericApplicationInstance open(String commandLine, String... moreParameters) {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("CommandLine", commandLine);
        for (int i = 0; i < moreParameters.length; i += 2) {
            parameters.put(moreParameters[i], moreParameters[i + 1]);
        }
        context = new FakeResourceContext("App", parameters);
        instance = (GenericApplicationInstance) new GenericApplicationType().open(context);
        return instance;
    }

    private ProcessHandle runningProcess() {
        return instance.processHandle().orElseThrow(() -> new AssertionError("no process"));
    }

    @Test
    void typeIsNamedGenericApplicationAndRequiresCommandLine() {
        assertThat(new GenericApplicationType().name()).isEqualTo("Generic Application");
        assertThat(new GenericApplicationType().requiredParameters()).containsExactly("CommandLine");
    }

    @Test
    void whileTheProcessLives_thenTheResourceIsAlive() {
        open("sleep 30").online();

        assertThat(runningProcess().isAlive()).isTrue();
        assertThat(runningProcess().info().command())
                .hasValueSatisfying(c -> assertThat(c).endsWith("sleep"));
        assertThat(instance.looksAlive()).isTrue();
        assertThat(instance.isAlive()).isTrue();
        assertThat(context.failures).isEmpty();
    }

    @Test
    void whenTheProcessIsKilledExternally_thenLooksAliveIsFalseAndFailureIsSignalled() {
        open("sleep 30").online();

        runningProcess().destroyForcibly();

        await().atMost(Timing.shortWait()).until(() -> !instance.looksAlive());
        assertThat(instance.isAlive()).isFalse();
        await().atMost(Timing.shortWait()).until(() -> !context.failures.isEmpty());
        assertThat(context.failures).singleElement().asString().contains("exited with code");
    }

    @Test
    void offline_stopsTheProcessWithoutSignallingFailure() {
        open("sleep 30").online();
        ProcessHandle process = runningProcess();

        instance.offline();

        assertThat(process.isAlive()).isFalse();
        assertThat(instance.looksAlive()).isFalse();
        assertThat(instance.processHandle()).isEmpty();
        assertThat(context.failures).isEmpty();
    }

    @Test
    void whenTheProcessIgnoresSigterm_thenOfflineKillsItAfterStopTimeout() {
        open("sh -c 'trap \"\" TERM; sleep 30'", "StopTimeout", "300ms").online();
        ProcessHandle shell = runningProcess();
        await().atMost(Timing.shortWait())
                .until(() -> shell.descendants().findAny().isPresent());
        List<ProcessHandle> children = shell.descendants().toList();

        instance.offline();

        await().atMost(Timing.shortWait()).until(() -> !shell.isAlive());
        await().atMost(Timing.shortWait()).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void terminate_killsTheProcessAndItsDescendants() {
        open("sh -c 'sleep 300 & sleep 300 & wait'").online();
        ProcessHandle shell = runningProcess();
        await().atMost(Timing.shortWait()).until(() -> shell.descendants().count() >= 2);
        List<ProcessHandle> children = shell.descendants().toList();

        instance.terminate();

        assertThat(instance.looksAlive()).isFalse();
        await().atMost(Timing.shortWait())
                .until(() -> !shell.isAlive() && children.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(context.failures).isEmpty();
    }

    @Test
    void whenTheProcessExitsNonZeroAtOnce_thenOnlineFailsSayingSo() {
        open("sh -c 'exit 3'");

        assertThatThrownBy(instance::online)
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("'sh' exited with code 3 within 200 ms of starting")
                .hasMessageContaining("set OutputFile");
        assertThat(instance.looksAlive()).isFalse();
    }

    @Test
    void whenTheProcessExitsZeroAtOnce_thenOnlineFailsBecauseItMustKeepRunning() {
        open("true");

        assertThatThrownBy(instance::online)
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("exited with code 0")
                .hasMessageContaining("must keep running");
    }

    @Test
    void whenTheCommandDoesNotExist_thenOnlineFailsNamingIt() {
        open("no-such-command-entsso --password=hunter2");

        assertThatThrownBy(instance::online)
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("could not start 'no-such-command-entsso'")
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void outputGoesToOutputFileAndTheProcessRunsInCurrentDirectory() throws IOException {
        Path work = Files.createDirectory(dir.resolve("work"));
        open(
                        "sh -c 'pwd; echo \"hello world\"; sleep 30'",
                        "CurrentDirectory",
                        work.toString(),
                        "OutputFile",
                        "app.log")
                .online();

        Path log = work.resolve("app.log");
        await().atMost(Timing.shortWait())
                .until(() -> Files.exists(log) && Files.readString(log).contains("hello world"));
        assertThat(Files.readAllLines(log)).containsExactly(work.toRealPath().toString(), "hello world");
    }

    @Test
    void whenCurrentDirectoryIsMissing_thenOnlineRefusesTheConfiguration() {
        open("sleep 30", "CurrentDirectory", dir.resolve("missing").toString());

        assertThatThrownBy(instance::online)
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("is not a directory on this node");
    }

    @Test
    void onlineAgainAfterOffline_startsANewProcess() {
        open("sleep 30").online();
        long first = runningProcess().pid();
        instance.offline();

        instance.online();

        assertThat(runningProcess().pid()).isNotEqualTo(first);
        assertThat(instance.isAlive()).isTrue();
    }
}
