package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.entsso.sso.testing.SsoTestCluster;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.transport.DatabaseTunnelServer;
import org.entsso.sso.transport.TunnelLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ssod start failures as an operator meets them (issue 9 item 11): a port in use, a password file others can read,
 * the wrong key store or secret store password, an unreachable database or ZooKeeper. Each is exactly one line on
 * standard error naming the real cause and what to do, exit code 2, no stack trace and no secret. The nodes are
 * copies of one node initialised by sso-init on a real ZooKeeper ensemble and H2 server, each with one thing broken.
 */
@Tag("extended") // not in the default suite (README, "Tests"): run with -Pextended
@Tag("zookeeper")
class SsoDaemonStartFailureTest {
    @TempDir
    static Path shared;

    private static SsoTestCluster cluster;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void initialise() throws Exception {
        cluster = SsoTestCluster.initialise(shared, 1);
    }

    @AfterAll
    static void close() throws IOException {
        cluster.close();
    }

    /** A copy of node1's folder (keys, stores, password files keep their permissions) with {@code edits} applied. */
    private Path node(String... edits) throws IOException {
        Path source = cluster.init().nodeConfigs().get("node1").getParent();
        Path copy = dir.resolve("node1");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path properties = copy.resolve("node.properties");
        String text = Files.readString(properties);
        for (String edit : edits) {
            String key = edit.substring(0, edit.indexOf('='));
            text = text.replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + "=.*$", edit);
        }
        Files.writeString(properties, text);
        return properties;
    }

    private static String property(Path properties, String key) throws IOException {
        return Files.readAllLines(properties).stream()
                .filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1))
                .findFirst()
                .orElseThrow();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs ssod on {@code properties} and returns its one line on standard error, having checked exit 2. */
    private String startFails(Path properties) {
        // The process's own standard error, where the log's console appender writes: it must stay silent.
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream processErr = System.err;
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = SsoDaemon.run(
                    new String[] {"--config", properties.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
            System.setErr(processErr);
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).as(text).hasSize(1);
        assertThat(code).as(text).isEqualTo(2);
        assertThat(out.size()).isZero();
        assertThat(text).startsWith("ssod: node1 did not start: ").doesNotContain("\tat ", "Exception", "BadPadding");
        return text.strip();
    }

    @Test
    void whenTheApiPortIsInUse_thenOneLineNamingThePortAndKey() throws IOException {
        Path properties = node();
        int port = Integer.parseInt(property(properties, "api.port"));
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(startFails(properties))
                    .contains("port 127.0.0.1:" + port + " (api.port) is already in use")
                    .contains("stop the other process or choose another port");
        }
    }

    @Test
    void whenTheSecretStorePasswordFileIsGroupReadable_thenOneLineSayingChmodNot10565() throws IOException {
        Path properties = node();
        Path passwordFile = properties.resolveSibling("secret.pwd");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(startFails(properties))
                .contains("secret store password file " + passwordFile)
                .contains("is open to group or others (rw-r-----)")
                .contains("chmod 600 " + passwordFile)
                .doesNotContain("10565", Files.readString(passwordFile).strip());
    }

    @Test
    void whenTheSecretStorePasswordIsWrong_thenOneLineNamingBothFiles() throws IOException {
        Path properties = node();
        Path passwordFile = properties.resolveSibling("secret.pwd");
        Files.writeString(passwordFile, "not-the-store-password\n");
        assertThat(startFails(properties))
                .contains("[10565]")
                .contains("the password in " + passwordFile + " (secretStore.passwordFile) does not open")
                .contains(properties.resolveSibling("secret.bcfks").toString())
                .doesNotContain("not-the-store-password");
    }

    @Test
    void whenTheKeyStorePasswordIsWrong_thenOneLineNamingTheKeyStoreAndItsPasswordFile() throws IOException {
        Path properties = node();
        Path passwordFile = properties.resolveSibling("node.p12.pwd");
        Files.writeString(passwordFile, "not-the-key-store-password\n");
        assertThat(startFails(properties))
                .contains(
                        "wrong password for the key store " + properties.resolveSibling("node.p12") + " (tls.keyStore)")
                .contains(passwordFile + " (tls.keyStorePasswordFile)")
                .doesNotContain("not-the-key-store-password");
    }

    @Test
    void whenTheDatabaseIsUnreachable_thenOneLineNamingTheUrl() throws IOException {
        String url = "jdbc:h2:tcp://127.0.0.1:" + closedPort() + "/sso";
        assertThat(startFails(node("database.url=" + url)))
                .contains("SSO database " + url + " (database.url) is unreachable")
                .contains("Connection refused")
                .contains("start the database or correct database.url");
    }

    @Test
    void whenTheDatabaseServersCertificateIsAnotherCas_thenOneLineSayingTheTlsHandshakeFailed() throws IOException {
        try (DatabaseTunnelServer impostor = new DatabaseTunnelServer(
                new TestPki().database("127.0.0.1"),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                closedPort(),
                TunnelLimits.defaults(4))) {
            impostor.start();
            String url = "jdbc:h2:tcp://127.0.0.1:" + impostor.port() + "/sso";
            assertThat(startFails(node("database.url=" + url)))
                    .contains("SSO database " + url + " (database.url) failed the TLS handshake of the node's tunnel")
                    .contains("unable to find valid certification path")
                    .contains("a database certificate of the cluster CA (tls.trustStore)");
        }
    }

    @Test
    void whenZooKeeperIsUnreachable_thenOneLineNamingTheEnsembleAndTheWait() throws IOException {
        String zk = "127.0.0.1:" + closedPort();
        assertThat(startFails(node("zookeeper.connect=" + zk)))
                .contains("ZooKeeper at " + zk + " could not be reached within 15 s (zookeeper.connect)")
                .contains("start ZooKeeper or correct zookeeper.connect");
    }
}
