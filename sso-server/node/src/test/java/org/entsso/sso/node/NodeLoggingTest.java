package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssod.log} cannot be forged through a logged value (issue 9 item 11): CR and LF in a message are escaped, so a
 * message is always one line. Runs in its own JVM (surefire does not reuse forks), as it reconfigures Log4j.
 */
class NodeLoggingTest {
    @TempDir
    Path dir;

    @Test
    void whenALoggedValueHoldsCrOrLf_thenTheLogKeepsOneLinePerEvent() throws IOException {
        NodeLogging.configure("node1", dir);
        LogManager.getLogger(NodeLoggingTest.class)
                .info("mapping created for {}", "CONTOSO\\a\r\n2026-01-01 INFO  [node1] forged - granted");
        LogManager.shutdown();

        List<String> lines = Files.readAllLines(dir.resolve("ssod.log"), StandardCharsets.UTF_8);
        assertThat(lines)
                .filteredOn(l -> l.contains("mapping created"))
                .singleElement()
                .satisfies(l -> assertThat(l).contains("\\r\\n2026-01-01 INFO  [node1] forged"));
        assertThat(lines).noneMatch(l -> l.startsWith("2026-01-01 INFO  [node1] forged"));
    }
}
