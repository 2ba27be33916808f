package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 server process as nodes meet it (DESIGN.md decision 13): its database is reached through the TLS front with a
 * node certificate, a plain H2 client gets nothing from the TLS port, H2's own plaintext port is bound to the loopback
 * address only, and a killed server fails JDBC calls through the tunnel with errors the store retries as transient.
 */
class H2TlsServerTest {
    private static final Pattern H2_PORT = Pattern.compile("H2 itself on 127\\.0\\.0\\.1:(\\d+) only");

    @TempDir
    Path dir;

    @Test
    void whenANodeWritesThroughItsTunnel_thenItReadsItBack_andAPlainH2ClientGetsNothingFromTheTlsPort()
            throws Exception {
        try (H2ServerProcess server = H2ServerProcess.start(0, dir)) {
            char[] password = server.password();
            try (Connection c = DriverManager.getConnection(server.clientUrl(), "sa", new String(password));
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE tunnelled (v VARCHAR(20))");
                s.execute("INSERT INTO tunnelled VALUES ('through TLS')");
                try (ResultSet r = s.executeQuery("SELECT v FROM tunnelled")) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getString(1)).isEqualTo("through TLS");
                }
            }
            SQLException plain = catchThrowableOfType(
                    SQLException.class, () -> DriverManager.getConnection(server.url(), "sa", new String(password)));
            assertThat((Throwable) plain).isNotNull();
            assertThat(plain.getErrorCode()).isNotEqualTo(0);
        }
    }

    @Test
    void whenTheProcessRuns_thenH2sOwnPortListensOnTheLoopbackAddressOnly() throws Exception {
        try (H2ServerProcess server = H2ServerProcess.start(0, dir)) {
            int h2Port = h2Port();
            List<String> listening = listeningAddresses(h2Port);
            assumeTrue(listening != null, "no /proc/net/tcp on this system");
            assertThat(listening).isNotEmpty().allMatch(H2TlsServerTest::isLoopback);

            Optional<InetAddress> other = nonLoopbackAddress();
            if (other.isPresent()) {
                try (Socket s = new Socket()) {
                    assertThatThrownBy(() -> s.connect(new InetSocketAddress(other.get(), h2Port), 2000))
                            .isInstanceOf(IOException.class);
                }
            }
        }
    }

    @Test
    void whenTheServerIsKilled_thenJdbcCallsThroughTheTunnelFailWithTransientErrors() throws Exception {
        try (H2ServerProcess server = H2ServerProcess.start(0, dir)) {
            String password = new String(server.password());
            String url = server.clientUrl();
            try (Connection c = DriverManager.getConnection(url, "sa", password)) {
                assertThat(c.isValid(5)).isTrue();
                server.kill();

                SQLException broken = catchThrowableOfType(
                        SQLException.class, () -> c.createStatement().executeQuery("SELECT 1"));
                assertThat((Throwable) broken).isNotNull();
                assertThat(TransientErrors.isTransient(broken)).as("%s", broken).isTrue();
            }
            SQLException refused =
                    catchThrowableOfType(SQLException.class, () -> DriverManager.getConnection(url, "sa", password));
            assertThat((Throwable) refused).isNotNull();
            assertThat(TransientErrors.isTransient(refused)).as("%s", refused).isTrue();
        }
    }

    @Test
    void whenTheLoopbackBindPropertyIsMissing_thenTheLauncherRefusesToStart() throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        H2ServerLauncher.class.getName(),
                        "0",
                        dir.toString(),
                        "--plaintext")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS))
                .isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("-Dh2.bindAddress=127.0.0.1");
        assertThat(dir.resolve(H2ServerLauncher.PASSWORD_FILE)).doesNotExist();
    }

    @Test
    void whenStartedWithThePlaintextOptOut_thenH2ServesItsPortItself_andSaysSo() throws Exception {
        try (H2ServerProcess server = H2ServerProcess.startPlaintext(0, dir)) {
            assertThat(server.clientUrl()).isEqualTo(server.url());
            try (Connection c = DriverManager.getConnection(server.url(), "sa", new String(server.password()))) {
                assertThat(c.isValid(5)).isTrue();
            }
            Awaitility.await()
                    .atMost(Timing.forWaiting())
                    .until(() -> Files.readString(dir.resolve("h2-server.err")).contains("WARNING --plaintext"));
        }
    }

    @Test
    void whenTheTlsOptionsAreMissingOrMixedWithThePlaintextOptOut_thenTheArgumentsAreRefusedInOneSentence() {
        assertThatThrownBy(() -> H2ServerArguments.parse("0", "/tmp/h2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the database is served over TLS: give --key-store");
        assertThatThrownBy(() -> H2ServerArguments.parse("0", "/tmp/h2", "--plaintext", "--key-store", "db.p12"))
                .hasMessageContaining("--plaintext and the TLS options exclude each other");
        assertThat(H2ServerArguments.parse("0", "/tmp/h2", "--plaintext").tlsMaterial())
                .isEmpty();
    }

    private int h2Port() {
        Path err = dir.resolve("h2-server.err");
        int[] port = new int[1];
        Awaitility.await().atMost(Timing.forWaiting()).until(() -> {
            Matcher m = H2_PORT.matcher(Files.readString(err));
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
            }
            return false;
        });
        return port[0];
    }

    /** The local addresses (hex, as /proc/net/tcp{,6} write them) of sockets listening on {@code port}; null: none. */
    private static List<String> listeningAddresses(int port) throws IOException {
        Path tcp = Path.of("/proc/net/tcp");
        if (!Files.exists(tcp)) {
            return null;
        }
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> found = new ArrayList<>();
        for (Path table : List.of(tcp, Path.of("/proc/net/tcp6"))) {
            if (!Files.exists(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[3].equals("0A") && f[1].endsWith(":" + hexPort)) {
                    found.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        return found;
    }

    /** 127.0.0.1 (IPv4), ::ffff:127.0.0.1 or ::1 in /proc/net's byte order. */
    private static boolean isLoopback(String hex) {
        return hex.equals("0100007F")
                || hex.equals("0000000000000000FFFF00000100007F")
                || hex.equals("00000000000000000000000001000000");
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
