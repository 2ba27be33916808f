package org.entsso.sso.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OS processes of a local cluster: each is a JVM started detached from the caller (output to a file, pid in
 * {@code pids/<name>.pid}), so {@code sso-cluster up} can return while they run and {@code down} (or a test) can find
 * them again by name. Signals are real: SIGTERM by {@link ProcessHandle#destroy()}, SIGKILL by
 * {@link ProcessHandle#destroyForcibly()}, SIGSTOP/SIGCONT by {@code kill}. Not thread-safe.
 */
final class LocalProcesses {
    private final Path pids;
    private final String javaBinary;
    private final String classpath;

    LocalProcesses(Path dir) {
        this.pids = dir.resolve("pids");
        this.javaBinary =
                Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.classpath = System.getProperty("java.class.path");
    }

    /** Starts {@code mainClass} as process {@code name}, output appended to {@code output}. */
    ProcessHandle start(String name, Path output, List<String> jvmOptions, String mainClass, List<String> args) {
        if (find(name).isPresent()) {
            throw new IllegalStateException(
                    name + " is already running (pid " + find(name).get().pid() + ")");
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(pids);
            Files.createDirectories(output.getParent());
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            Files.writeString(pids.resolve(name + ".pid"), Long.toString(p.pid()));
            return p.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /** The running process called {@code name}, if its pid file names a live process. */
    Optional<ProcessHandle> find(String name) {
        Path file = pids.resolve(name + ".pid");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGTERM, then waits up to {@code grace} before SIGKILL. Returns whether it exited on SIGTERM. */
    boolean stop(String name, Duration grace) {
        Optional<ProcessHandle> p = find(name);
        if (p.isEmpty()) {
            return true;
        }
        p.get().destroy();
        try {
            p.get().onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.get().destroyForcibly();
            return false;
        }
    }

    /** SIGKILL, waiting until the process is gone. */
    void kill(String name) {
        find(name).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
    }

    /** Sends {@code signal} (STOP, CONT) with the {@code kill} command. */
    void signal(String name, String signal) {
        ProcessHandle p = find(name).orElseThrow(() -> new IllegalStateException(name + " is not running"));
        try {
            int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (rc != 0) {
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " exited " + rc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    /**
     * Waits until {@code output} has a line matching {@code pattern} (returning its first group, or the line) or the
     * process exits (an {@link IllegalStateException} quoting the output's last lines).
     */
    String awaitLine(String name, Path output, Pattern pattern, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        IOException unreadable = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (Files.exists(output)) {
                    for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                        Matcher m = pattern.matcher(line);
                        if (m.find()) {
                            return m.groupCount() > 0 ? m.group(1) : line;
                        }
                    }
                }
            } catch (IOException e) {
                unreadable = e; // the file is being written; read again, and name the error if it never clears
            }
            if (find(name).isEmpty()) {
                throw new IllegalStateException(name + " exited: " + tail(output));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " did not report ready within " + timeout + ": " + tail(output)
                + (unreadable == null ? "" : " (last read of " + output + " failed: " + unreadable + ")"));
    }

    static String tail(Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
