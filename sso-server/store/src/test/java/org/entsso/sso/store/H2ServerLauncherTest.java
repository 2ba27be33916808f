package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local cluster's H2 server has a generated password for {@code sa} in an owner-only file (issue 10 item 5): the
 * empty password is refused, the file's opens the database, the folder and its files are owner-only, and a database an
 * older version created with the empty password gets the generated one.
 */
class H2ServerLauncherTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    @Test
    void theLaunchedServerRefusesTheEmptyPassword_opensWithTheGeneratedOne_andKeepsItsFilesOwnerOnly()
            throws Exception {
        Path base = Files.createDirectory(dir.resolve("h2"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        String password;
        try (H2ServerProcess server = H2ServerProcess.start(0, base)) {
            password = new String(server.password());
            assertThat(password).hasSizeGreaterThanOrEqualTo(43); // 256 bits, Base64

            assertThatThrownBy(() -> DriverManager.getConnection(server.clientUrl(), "sa", "")
                            .close())
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD));
            assertThat(selectOne(server.clientUrl(), password)).isEqualTo(1);

            assertThat(permissions(base)).isEqualTo("rwx------");
            assertThat(permissions(H2ServerLauncher.passwordFile(base))).isEqualTo("rw-------");
            assertThat(permissions(base.resolve("sso.mv.db"))).isEqualTo("rw-------");
            assertThat(Files.readString(base.resolve("h2-server.err")))
                    .contains("generated the database password file")
                    .doesNotContain(password);

            // Restarted on the same folder: the same password, read from the file.
            assertThat(server.terminate()).isTrue();
            try (H2ServerProcess again = server.restart()) {
                assertThat(new String(again.password())).isEqualTo(password);
                assertThat(selectOne(again.clientUrl(), password)).isEqualTo(1);
            }
        }
    }

    @Test
    void aDatabaseCreatedWithTheEmptyPassword_getsTheGeneratedOne() throws Exception {
        Path base = Files.createDirectory(dir.resolve("old"));
        String url = H2Urls.file(base.resolve(H2Urls.DEFAULT_DATABASE));
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (id INT)");
        }
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(base.resolve("sso.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));

        H2ServerLauncher.prepare(base, log);

        String password = Files.readString(H2ServerLauncher.passwordFile(base));
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close())
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD));
        try (Connection c = DriverManager.getConnection(url, "sa", password);
                Statement s = c.createStatement()) {
            s.execute("SELECT COUNT(*) FROM kept");
        }
        assertThat(permissions(base)).isEqualTo("rwx------");
        assertThat(permissions(base.resolve("sso.mv.db"))).isEqualTo("rw-------");
        assertThat(permissions(H2ServerLauncher.passwordFile(base))).isEqualTo("rw-------");
        assertThat(logBytes.toString(StandardCharsets.UTF_8))
                .contains("had an empty password for sa")
                .doesNotContain(password);

        // The next start opens it with the file's password and changes nothing.
        logBytes.reset();
        H2ServerLauncher.prepare(base, log);
        assertThat(Files.readString(H2ServerLauncher.passwordFile(base))).isEqualTo(password);
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aPasswordFileThatDoesNotOpenTheDatabase_orAMissingOne_isAClearErrorThatNamesNoPassword() throws Exception {
        Path base = Files.createDirectory(dir.resolve("other"));
        String url = H2Urls.file(base.resolve(H2Urls.DEFAULT_DATABASE));
        String databasePassword = "the-database-password-nobody-wrote-down";
        DriverManager.getConnection(url, "sa", databasePassword).close();

        assertThatThrownBy(() -> H2ServerLauncher.prepare(base, log))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.error()).isEqualTo(SsoError.INVALID_ARGUMENT))
                .hasMessageContaining("there is no " + H2ServerLauncher.passwordFile(base))
                .hasMessageContaining("does not open with the empty password either")
                .hasMessageNotContaining(databasePassword);
        assertThat(H2ServerLauncher.passwordFile(base)).doesNotExist();

        Path file = H2ServerLauncher.passwordFile(base);
        Files.writeString(file, "a-wrong-password\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> H2ServerLauncher.prepare(base, log))
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("the password in " + file + " does not open it")
                .hasMessageNotContaining("a-wrong-password")
                .hasMessageNotContaining(databasePassword);
        assertThat(Files.readString(file)).isEqualTo("a-wrong-password\n");
    }

    @Test
    void aPasswordFileOthersCanRead_isRefused() throws Exception {
        Path base = Files.createDirectory(dir.resolve("open"));
        H2ServerLauncher.prepare(base, log);
        Path file = H2ServerLauncher.passwordFile(base);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> H2ServerLauncher.prepare(base, log))
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("chmod 600 " + file);
    }

    private static int selectOne(String url, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", password);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT 1")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
