package org.entsso.sso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.entsso.sso.crypto.BackupFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssoconfig -restoreSecret} of something that is not a backup file (issue 9 item 11): answered on this machine
 * with 10564, exit 1, in one line, whatever its size, before any password is asked for or any server dialled. It
 * used to be "request body too large" (100 KB), "server unreachable" 10532 (900 KB) and, for {@code /dev/zero}, an
 * OutOfMemoryError after 20 s. No cluster is needed: the file is refused first.
 */
class SsoConfigRestoreInputTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run restore(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SsoConfigCommand.run(
                Optional.empty(),
                new PrintWriter(out),
                new PrintWriter(err),
                "-restoreSecret",
                file.toString(),
                "--config",
                dir.resolve("no-such-client.properties").toString(),
                "--password-file",
                dir.resolve("no-such.pwd").toString());
        return new Run(exit, out.toString(), err.toString());
    }

    private Path random(String name, int bytes) throws IOException {
        byte[] content = new byte[bytes];
        new SecureRandom().nextBytes(content);
        return Files.write(dir.resolve(name), content);
    }

    private static void assertNotABackup(Run r) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().strip())
                .as(r.toString())
                .startsWith("ssoconfig: [10564]")
                .doesNotContain("\n");
        assertThat(r.err()).doesNotContain("Exception", "\tat ", "10532", "too large");
    }

    @Test
    void whenTheFileIsRandomBytesOfAnySize_thenTheAnswerIs10564_notTooLargeOrUnreachable() throws IOException {
        assertNotABackup(restore(random("small.bin", 1000)));
        assertNotABackup(restore(random("100k.bin", 100 * 1024)));
        assertNotABackup(restore(random("900k.bin", 900 * 1024)));
        assertNotABackup(restore(random("limit.bin", BackupFile.MAX_FILE_BYTES + 1)));
        assertNotABackup(restore(Files.write(dir.resolve("empty.bin"), new byte[0])));
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void whenTheFileIsEndless_thenItIsReadOnlyUpToTheLimitAndRefused() {
        assertNotABackup(restore(Path.of("/dev/zero")));
    }
}
