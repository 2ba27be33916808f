package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ssod refuses bad command lines and configurations with exit code 2 and one line, never a stack trace. */
class SsoDaemonTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SsoDaemon.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errorText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void whenNoConfigIsGiven_thenUsageAndExitTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(errorText()).isEqualTo("usage: ssod --config <node.properties>" + System.lineSeparator());
    }

    @Test
    void whenTheConfigFileIsMissing_thenOneLineNamingItAndExitTwo() {
        assertThat(run("--config", dir.resolve("nope.properties").toString())).isEqualTo(2);
        assertThat(errorText())
                .startsWith("ssod: [15000]")
                .contains("nope.properties")
                .doesNotContain("\tat ");
        assertThat(errorText().lines()).hasSize(1);
    }

    @Test
    void whenAKeyIsMistyped_thenOneLineNamingTheKeyAndExitTwo() throws Exception {
        Path file = dir.resolve("node.properties");
        Files.writeString(file, "node.name=node1\nzookeper.connect=127.0.0.1:2181\n");
        assertThat(run("--config", file.toString())).isEqualTo(2);
        assertThat(errorText()).contains("zookeper.connect is not a known key").doesNotContain("\tat ");
        assertThat(errorText().lines()).hasSize(1);
        assertThat(out.size()).isZero();
    }
}
