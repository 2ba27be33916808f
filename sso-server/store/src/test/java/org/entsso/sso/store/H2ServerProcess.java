package org.entsso.sso.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.ClusterPki;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.DatabaseTunnel;
import org.entsso.sso.transport.TunnelLimits;

/**
 * {@link H2ServerLauncher} as a real separate OS process started from the test class path, so a test can kill it
 * (SIGKILL) in the middle of a transaction and restart it on the same port and files. It serves over TLS, as in
 * production: a cluster CA and a database certificate are created once in {@code <baseDir>/tls}, and clients connect
 * through a {@link DatabaseTunnel} with a node certificate of that CA ({@link #clientUrl()}), which outlives a killed
 * server and is handed to the restarted one ({@link #restart()}), as a node's tunnel outlives a database restart.
 */
final class H2ServerProcess implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("tcp://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final String url;
    private final Path baseDir;
    private final boolean plaintext;
    private DatabaseTunnel tunnel;

    private H2ServerProcess(Process process, String url, Path baseDir, boolean plaintext, DatabaseTunnel tunnel) {
        this.process = process;
        this.url = url;
        this.baseDir = baseDir;
        this.plaintext = plaintext;
        this.tunnel = tunnel;
    }

    /** Starts a server behind its TLS front on {@code port} (0: any) for {@code baseDir}; returns once it is up. */
    static H2ServerProcess start(int port, Path baseDir) throws Exception {
        return launch(port, baseDir, false, null);
    }

    /** Starts a server with the explicit {@code --plaintext} opt-out: H2 serves {@code port} itself. */
    static H2ServerProcess startPlaintext(int port, Path baseDir) throws Exception {
        return launch(port, baseDir, true, null);
    }

    /** Starts this (killed or terminated) server again on the same port and folder, with the same client tunnel. */
    H2ServerProcess restart() throws Exception {
        H2ServerProcess again = launch(port(), baseDir, plaintext, tunnel);
        tunnel = null; // the new instance owns it now
        return again;
    }

    private static H2ServerProcess launch(int port, Path baseDir, boolean plaintext, DatabaseTunnel tunnel)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-D" + H2ServerLauncher.BIND_ADDRESS_PROPERTY + "=127.0.0.1",
                "-cp",
                System.getProperty("java.class.path"),
                H2ServerLauncher.class.getName(),
                String.valueOf(port),
                baseDir.toString()));
        command.addAll(plaintext ? List.of("--plaintext") : tlsArguments(baseDir));
        Process process = new ProcessBuilder(command)
                .redirectError(baseDir.resolve("h2-server.err").toFile())
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String url = CompletableFuture.supplyAsync(() -> readLine(out))
                .get(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS);
        if (url == null) {
            throw new IllegalStateException("H2 server exited with " + process.waitFor() + ": "
                    + Files.readString(baseDir.resolve("h2-server.err")));
        }
        return new H2ServerProcess(process, url, baseDir, plaintext, tunnel);
    }

    /** The folder of the test cluster CA and the database certificate: {@code <baseDir>/tls}, made once. */
    static Path tlsDir(Path baseDir) {
        return baseDir.resolve("tls");
    }

    private static List<String> tlsArguments(Path baseDir) {
        Path tls = tlsDir(baseDir);
        if (!Files.exists(tls)) {
            ClusterPki.createCa(tls, "test");
            ClusterPki.issueDatabaseServer(tls, "127.0.0.1");
        }
        Path database = tls.resolve(ClusterPki.DATABASE_DIR);
        return List.of(
                "--key-store", database.resolve(ClusterPki.DATABASE_KEY_STORE).toString(),
                "--key-store-password-file",
                        database.resolve(ClusterPki.DATABASE_KEY_STORE + ".pwd").toString(),
                "--trust-store", database.resolve("ca.pem").toString());
    }

    /** The test cluster CA of {@code baseDir}'s server. */
    static ClusterCa clusterCa(Path baseDir) {
        return ClusterPki.loadCa(tlsDir(baseDir));
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URL the server printed: its TLS port (or H2's own with the plaintext opt-out). */
    String url() {
        return url;
    }

    /**
     * The URL a client uses: through a tunnel presenting a node certificate of the test CA (started on first use), or
     * the server's own with the plaintext opt-out.
     */
    synchronized String clientUrl() {
        if (plaintext) {
            return url;
        }
        if (tunnel == null) {
            ClusterCa ca = clusterCa(baseDir);
            TlsMaterial node = TlsMaterial.of(
                    ca.issueNode("node-test", "127.0.0.1", EnumSet.of(NodeRole.SSO_SERVER)), ca.certificate());
            tunnel = new DatabaseTunnel(node, "127.0.0.1", port(), TunnelLimits.defaults(32));
            tunnel.start();
        }
        return H2Urls.withServer(url, "127.0.0.1", tunnel.localPort());
    }

    /** The generated password of {@code sa} ({@code <baseDir>/db-password}); the caller clears it. */
    char[] password() {
        return PasswordFiles.read(H2ServerLauncher.passwordFile(baseDir), "database password file");
    }

    /** A store configuration for this server ({@link #clientUrl()}), logged in as {@code sa} with its password. */
    StoreConfig.Builder storeConfig() {
        char[] password = password();
        try {
            return StoreConfig.builder(clientUrl()).credentials(H2ServerLauncher.USER, password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The port clients connect to (the TLS port, or H2's own with the plaintext opt-out). */
    int port() {
        Matcher m = PORT.matcher(url);
        if (!m.find()) {
            throw new IllegalStateException("No port in " + url);
        }
        return Integer.parseInt(m.group(1));
    }

    /** SIGKILL: the process gets no chance to finish anything. The client tunnel stays. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM; returns whether it exited within the deadline. The client tunnel stays. */
    boolean terminate() throws InterruptedException {
        process.destroy();
        return process.waitFor(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGSTOP: the server keeps its sockets open but answers nothing, as a frozen or unreachable host. */
    void pause() throws Exception {
        signal("STOP");
    }

    /** SIGCONT. */
    void resume() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
        if (!kill.waitFor(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The process's id, e.g. to find its sockets. */
    long pid() {
        return process.pid();
    }

    /** Kills the process and closes the client tunnel. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        if (tunnel != null) {
            tunnel.close();
        }
    }
}
