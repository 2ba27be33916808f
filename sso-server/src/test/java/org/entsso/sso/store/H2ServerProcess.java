package org.entsso.sso.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.crypto.PasswordFiles;

/**
 * {@link H2ServerLauncher} as a real separate OS process started from the test class path, so a test can kill it
 * (SIGKILL) in the middle of a transaction and restart it on the same port and files.
 */
final class H2ServerProcess implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("tcp://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final String url;
    private final Path baseDir;

    private H2ServerProcess(Process process, String url, Path baseDir) {
        this.process = process;
        this.url = url;
        this.baseDir = baseDir;
    }

    /** Starts a server on {@code port} (0 = any) serving {@code baseDir}; returns once it printed its URL. */
    static H2ServerProcess start(int port, Path baseDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        H2ServerLauncher.class.getName(),
                        String.valueOf(port),
                        baseDir.toString())
                .redirectError(baseDir.resolve("h2-server.err").toFile())
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String url = CompletableFuture.supplyAsync(() -> readLine(out))
                .get(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS);
        if (url == null) {
            throw new IllegalStateException("H2 server exited with " + process.waitFor());
        }
        return new H2ServerProcess(process, url, baseDir);
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return url;
    }

    /** The generated password of {@code sa} ({@code <baseDir>/db-password}); the caller clears it. */
    char[] password() {
        return PasswordFiles.read(H2ServerLauncher.passwordFile(baseDir), "database password file");
    }

    /** A store configuration for this server, logged in as {@code sa} with the generated password. */
    StoreConfig.Builder storeConfig() {
        char[] password = password();
        try {
            return StoreConfig.builder(url).credentials(H2ServerLauncher.USER, password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    int port() {
        Matcher m = PORT.matcher(url);
        if (!m.find()) {
            throw new IllegalStateException("No port in " + url);
        }
        return Integer.parseInt(m.group(1));
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM; returns whether it exited within the deadline. */
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

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
