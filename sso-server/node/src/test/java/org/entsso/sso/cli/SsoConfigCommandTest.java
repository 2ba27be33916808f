package org.entsso.sso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.crypto.BackupFile;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.crypto.SecretInfo;
import org.entsso.sso.testing.SsoTestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssoconfig} in-process against one whole SSO node (master secret server included) on a real ensemble and H2
 * server, started once for the class: the SSO administrator's client.properties written by initialisation, the backup
 * password from an owner-only {@code --password-file}, stdout and stderr captured.
 */
@Tag("zookeeper")
class SsoConfigCommandTest {
    private static final Pattern MSID =
            Pattern.compile("generated: ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    private static final String PASSWORD = new String(SsoTestCluster.BACKUP_PASSWORD);

    @TempDir
    static Path dir;

    private static SsoTestCluster cluster;
    private static Path config;
    private static Path passwordFile;
    private static Path wrongPasswordFile;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SsoTestCluster.start(dir.resolve("sso"), 1);
        cluster.awaitMasterSecretServer();
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .alias("ENTSSO endpoint published")
                .until(() -> cluster.admin()
                        .resolveName("ENTSSO")
                        .map(m -> m.containsKey("Endpoint"))
                        .orElse(false));
        config = dir.resolve("sso").resolve("cluster").resolve("admin").resolve("client.properties");
        passwordFile = ownerOnly(dir.resolve("backup.pwd"), PASSWORD + "\n");
        wrongPasswordFile = ownerOnly(dir.resolve("wrong.pwd"), "not the backup password at all");
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
    }

    record Run(int exit, String out, String err) {}

    static Run run(Optional<Terminal> terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SsoConfigCommand.run(terminal, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(Optional.empty(), args);
    }

    private static String[] admin(String... args) {
        return Stream.concat(Stream.of(args), Stream.of("--config", config.toString()))
                .toArray(String[]::new);
    }

    private static Path ownerOnly(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(
                file, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        return file;
    }

    private static Keyring open(Path backup) {
        return new BackupFile().read(backup, PASSWORD.toCharArray());
    }

    private static void assertOneErrorLine(Run r, int exit, String code) {
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        assertThat(r.err().strip())
                .as(r.toString())
                .startsWith("ssoconfig: " + code)
                .doesNotContain("\n");
        assertThat(r.err()).doesNotContain("Exception:", "\tat ");
    }

    @Test
    void whenGenerating_thenTheBackupOpensToTheNewSecretStatusShowsItAndItRestores() {
        Path backup = dir.resolve("generated.bak");
        UUID before;
        try (Keyring initial = open(cluster.init().backupFile())) {
            before = initial.current().msid();
        }

        Run generated = run(admin(
                "-generatesecret", backup.toString(), "--password-file", passwordFile.toString(), "--reminder", "x"));

        assertThat(generated.exit()).as(generated.toString()).isZero();
        Matcher m = MSID.matcher(generated.out());
        assertThat(m.find()).as(generated.out()).isTrue();
        UUID msid = UUID.fromString(m.group(1));
        assertThat(msid).isNotEqualTo(before);
        assertThat(generated.out())
                .contains("A backup was written to " + backup.toAbsolutePath())
                .contains("The operation completed successfully.")
                .doesNotContain(PASSWORD);
        try (Keyring keyring = open(backup)) {
            assertThat(keyring.current().msid()).isEqualTo(msid);
            assertThat(keyring.previous().map(SecretInfo::msid)).contains(before);
        }
        assertThat(BackupFile.readReminder(backup)).contains("x");
        assertOwnerOnly(backup);
        assertThat(leftovers()).isEmpty();

        Run status = run(admin("-STATUS"));
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.out())
                .contains("Network name:    ENTSSO")
                .contains("Current MSID:    " + msid)
                .contains("Previous MSID:   " + before)
                .contains("Last backup:")
                .doesNotContain("10589")
                .doesNotContain("never");

        Awaitility.await()
                .atMost(Timing.forWaiting())
                .alias("re-encryption idle")
                .until(() -> run(admin("-status")).out().contains("IDLE"));
        Run restored = run(admin("-RestoreSecret", backup.toString(), "--password-file", passwordFile.toString()));
        assertThat(restored.exit()).as(restored.toString()).isZero();
        assertThat(restored.out())
                .contains("The master secret was restored: " + msid + ".")
                .contains("The operation completed successfully.");
    }

    @Test
    void whenTheBackupFileExists_thenBackupRefusesItUnlessForced() throws IOException {
        Path existing = dir.resolve("existing.bak");
        Files.writeString(existing, "keep me");

        Run refused = run(admin("-backupSecret", existing.toString(), "--password-file", passwordFile.toString()));

        assertOneErrorLine(refused, 2, "[15000]");
        assertThat(refused.err()).contains("already exists", "--force");
        assertThat(Files.readString(existing)).isEqualTo("keep me");

        Run forced =
                run(admin("-backupsecret", existing.toString(), "--password-file", passwordFile.toString(), "--force"));

        assertThat(forced.exit()).as(forced.toString()).isZero();
        assertThat(forced.out()).contains("was backed up to " + existing.toAbsolutePath(), "completed successfully");
        try (Keyring keyring = open(existing)) {
            assertThat(forced.out()).contains(keyring.current().msid().toString());
        }
        assertOwnerOnly(existing);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void whenPromptedOnATerminal_thenThePasswordIsAskedTwiceAndAMismatchIsRefused() {
        Path mismatch = dir.resolve("mismatch.bak");
        Run refused = run(
                Optional.of(new ScriptedTerminal(PASSWORD, PASSWORD + "!")),
                admin("-backupSecret", mismatch.toString()));
        assertOneErrorLine(refused, 2, "[15000]");
        assertThat(refused.err()).contains("confirmation differ").doesNotContain(PASSWORD);
        assertThat(mismatch).doesNotExist();

        Path prompted = dir.resolve("prompted.bak");
        ScriptedTerminal terminal = new ScriptedTerminal(PASSWORD, PASSWORD);
        terminal.lines.add("the usual");
        Run ok = run(Optional.of(terminal), admin("-backupSecret", prompted.toString()));
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(BackupFile.readReminder(prompted)).contains("the usual");
        try (Keyring keyring = open(prompted)) {
            assertThat(ok.out()).contains(keyring.current().msid().toString());
        }
    }

    @Test
    void whenNoTerminalAndNoPasswordFile_thenOneLineAndNothingIsWritten() {
        Path target = dir.resolve("no-terminal.bak");

        Run r = run(admin("-backupSecret", target.toString()));

        assertOneErrorLine(r, 2, "[15000]");
        assertThat(r.err()).contains("No terminal", "--password-file");
        assertThat(target).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void whenRestoringWithAWrongPassword_thenExit1With10815() {
        Run r = run(admin(
                "-restoreSecret",
                cluster.init().backupFile().toString(),
                "--password-file",
                wrongPasswordFile.toString()));

        assertOneErrorLine(r, 1, "[10815]");
        assertThat(r.err()).contains("Incorrect master secret");
    }

    @Test
    void whenRestoringGarbage_thenExit1With10564() throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.bak"), "not a backup file");

        Run r = run(admin("-restoreSecret", garbage.toString(), "--password-file", passwordFile.toString()));

        assertOneErrorLine(r, 1, "[10564]");
    }

    @Test
    void whenTheBackupFileIsMissing_thenExit2NamingIt() {
        Path missing = dir.resolve("missing.bak");

        Run r = run(admin("-restoreSecret", missing.toString(), "--password-file", passwordFile.toString()));

        assertOneErrorLine(r, 2, "[15000]");
        assertThat(r.err()).contains(missing.toAbsolutePath().toString(), "does not exist");
    }

    @Test
    void whenNoVerbOrTwoVerbs_thenUsageExit2() {
        Run none = run(admin());
        assertOneErrorLine(none, 2, "Missing required argument");
        assertThat(none.err()).contains("see ssoconfig --help");

        Run two = run(admin("-status", "-backupSecret", "x.bak"));
        assertOneErrorLine(two, 2, "");
        assertThat(two.err()).contains("mutually exclusive");

        Run unknown = run(admin("-setSSL", "yes"));
        assertThat(unknown.exit()).isEqualTo(2);
    }

    @Test
    void whenAskedForHelp_thenTheExitCodesAreDocumented() {
        Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out())
                .contains("-generateSecret=<backupFile>", "-backupSecret", "-restoreSecret", "-status")
                .contains("Exit codes:", "10589");
    }

    @Test
    void whenTheCallerIsNotAnSsoAdministrator_thenExit1With10766AndNoFileIsWritten() throws IOException {
        Path cluster = config.getParent().getParent();
        Path folder = Files.createDirectories(dir.resolve("mallory"));
        char[] caPassword = PasswordFiles.read(cluster.resolve("ca").resolve("ca.p12.pwd"));
        ClusterCa ca = ClusterCa.loadPkcs12(cluster.resolve("ca").resolve("ca.p12"), caPassword, Clock.systemUTC());
        ownerOnly(folder.resolve("admin.p12.pwd"), "mallory's key store password");
        ca.issueAdmin("CONTOSO\\mallory")
                .writePkcs12(folder.resolve("admin.p12"), "mallory's key store password".toCharArray());
        Files.copy(cluster.resolve("ca").resolve("ca.pem"), folder.resolve("ca.pem"));
        Path malloryConfig = Files.writeString(folder.resolve("client.properties"), Files.readString(config));
        Path target = dir.resolve("mallory.bak");

        Run status = run("-status", "--config", malloryConfig.toString());
        Run backup = run(
                "-backupSecret",
                target.toString(),
                "--config",
                malloryConfig.toString(),
                "--password-file",
                passwordFile.toString());

        assertOneErrorLine(status, 1, "[11042]");
        assertOneErrorLine(backup, 1, "[11042]");
        assertThat(target).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void whenTheNetworkNameIsNotOnline_thenExit1With10783() {
        Run r = run(admin("-status", "--network-name", "NOSUCH"));

        assertOneErrorLine(r, 1, "[10783]");
        assertThat(r.err()).contains("NOSUCH", "not registered");
    }

    @Test
    void whenZooKeeperIsUnreachable_thenExit1With10783() throws IOException {
        Path admin = config.getParent();
        Path unreachable = admin.resolve("unreachable.properties");
        Files.writeString(
                unreachable,
                String.join(
                        "\n",
                        "cluster.name=test",
                        "client.servers=https://127.0.0.1:" + freePort(),
                        "zookeeper.connect=127.0.0.1:" + freePort(),
                        "client.requestTimeout=1s",
                        "tls.keyStore=admin.p12",
                        "tls.keyStorePasswordFile=admin.p12.pwd",
                        "tls.trustStore=ca.pem",
                        ""));

        Run r = run("-status", "--config", unreachable.toString());

        assertOneErrorLine(r, 1, "[10783]");
        assertThat(r.err()).contains("could not be reached");
    }

    @Test
    void whenTheEndpointIsGiven_thenZooKeeperIsNotConsultedAndAClosedPortIs10532() throws IOException {
        String endpoint = cluster.admin().resolveName("ENTSSO").orElseThrow().get("Endpoint");
        Run direct = run(admin("-status", "--endpoint", endpoint));
        assertThat(direct.exit()).as(direct.toString()).isZero();
        assertThat(direct.out()).contains("Endpoint:        " + endpoint);

        Run closed = run(admin("-status", "--endpoint", "https://127.0.0.1:" + freePort()));
        assertOneErrorLine(closed, 1, "[10532]");

        Run http = run(admin("-status", "--endpoint", "http://127.0.0.1:1"));
        assertOneErrorLine(http, 2, "");
        assertThat(http.err()).contains("https://host:port");
    }

    @Test
    void whenTheConfigurationIsMissing_thenExit2NamingIt() {
        Path missing = dir.resolve("nowhere").resolve("client.properties");

        Run r = run("-status", "--config", missing.toString());

        assertOneErrorLine(r, 2, "[15000]");
        assertThat(r.err()).contains(missing.toAbsolutePath().toString(), "ENTSSO_CLIENT_CONFIG");
    }

    private static void assertOwnerOnly(Path file) {
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> leftovers() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A terminal that answers password prompts, then line prompts, from scripts. */
    static final class ScriptedTerminal implements Terminal {
        final Deque<String> passwords = new ArrayDeque<>();
        final Deque<String> lines = new ArrayDeque<>();

        ScriptedTerminal(String... passwords) {
            this.passwords.addAll(List.of(passwords));
        }

        @Override
        public char[] readPassword(String prompt) {
            String next = passwords.poll();
            return next == null ? null : next.toCharArray();
        }

        @Override
        public String readLine(String prompt) {
            return lines.poll();
        }
    }
}
