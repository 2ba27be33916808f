package org.entsso.failover.bench.attack;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@link Attackers} in an {@link AttackerProcess} of their own, started under {@code nice} (when the machine has it) so
 * that on a machine with few cores the attack takes the CPU the servers leave over, as an attacker on another machine
 * would: what is measured is then the servers' defence, not a contest for the cores between the attacker and the
 * servers. Not thread-safe: one harness thread asks.
 */
final class RemoteAttackers implements Closeable {
    private static final long STOP_WAIT_SECONDS = 30;

    private final Process process;
    private final BufferedReader in;
    private final PrintStream toProcess;
    private List<AttackTally> tallies = List.of();
    private Duration cpu = Duration.ZERO;
    private boolean closed;

    private RemoteAttackers(Process process) {
        this.process = process;
        this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.toProcess = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /**
     * Starts the process at {@code niceness} (0: as this one) and waits until its attack has begun. The attacker's
     * certificate is {@code pkcs12} with its password in {@code passwordFile}, trusting {@code caPem}; its connections
     * come from the local address {@code source} (empty: the system's choice).
     */
    static RemoteAttackers start(
            List<Attackers.Target> targets,
            List<AttackKind> kinds,
            int connections,
            long rampMillis,
            Path pkcs12,
            Path passwordFile,
            Path caPem,
            int niceness,
            String source,
            Path log) {
        List<String> command = new ArrayList<>();
        if (niceness > 0 && Files.isExecutable(Path.of("/usr/bin/nice"))) {
            command.addAll(List.of("/usr/bin/nice", "-n", Integer.toString(niceness)));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
        command.add(AttackerProcess.class.getName());
        command.add("connections=" + connections);
        command.add("rampMillis=" + rampMillis);
        command.add("kinds=" + kinds.stream().map(AttackKind::label).collect(Collectors.joining(",")));
        for (Attackers.Target t : targets) {
            command.add("target=" + t.name() + "," + t.host() + "," + t.port() + "," + t.postPath());
        }
        command.addAll(List.of("p12=" + pkcs12, "pwd=" + passwordFile, "ca=" + caPem));
        if (!source.isEmpty()) {
            command.add("source=" + source);
        }
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            RemoteAttackers attackers = new RemoteAttackers(process);
            String first = attackers.in.readLine();
            if (!AttackerProcess.STARTED.equals(first)) {
                process.destroyForcibly();
                throw new IllegalStateException("the attacker process did not start (see " + log + "): " + first);
            }
            return attackers;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the attacker process", e);
        }
    }

    /** The pid, for its CPU time. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** The CPU time the process used, read when it was stopped (after that the process is gone). */
    Duration cpu() {
        return cpu;
    }

    /**
     * The process's counters since the last call: connections open now, opened and ended by the servers in the window.
     */
    long[] window() {
        toProcess.println(AttackerProcess.WINDOW);
        String line = readLine();
        if (line == null || !line.startsWith(AttackerProcess.WINDOW + " ")) {
            throw new IllegalStateException("the attacker process answered " + line);
        }
        String[] f = line.split(" ");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
    }

    /** The tallies by port and kind, read when the attack was stopped. */
    List<AttackTally> tallies() {
        return tallies;
    }

    /** Stops the attack and reads the process's tallies. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cpu = process.toHandle().info().totalCpuDuration().orElse(cpu);
        try {
            toProcess.println(AttackerProcess.STOP);
            List<AttackTally> read = new ArrayList<>();
            for (String line = readLine(); line != null && !line.equals(AttackerProcess.END); line = readLine()) {
                if (line.startsWith(AttackerProcess.TALLY)) {
                    read.add(AttackTally.decode(line.substring(AttackerProcess.TALLY.length())));
                }
            }
            tallies = List.copyOf(read);
            if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("lost the attacker process", e);
        }
    }
}
