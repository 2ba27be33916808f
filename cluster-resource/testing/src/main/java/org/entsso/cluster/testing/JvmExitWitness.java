package org.entsso.cluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Names whatever ends a test JVM early (issue 9 item 1: a fork died with exit code 2, which surefire only reports as
 * "terminated without properly saying goodbye"). A JVM shutdown hook, registered once per JVM, looks for the thread
 * that called {@code System.exit}/{@code Runtime.exit} (it waits inside {@code java.lang.Shutdown} while hooks run)
 * and, unless that caller is surefire's own normal exit, writes every thread's stack and the test that was running to
 * {@code target/jvm-exits/<pid>.txt}. A signal shows as the JDK's signal handler thread; {@code Runtime.halt} runs no
 * hooks, so a fork that dies without such a file was halted or killed.
 *
 * <p>No file and exit code 2: nothing in this module's test class path exits with 2 from a test JVM (ZooKeeper's
 * INVALID_INVOCATION comes only from its command-line mains, which {@link ZooKeeperExitGuard} neutralises anyway;
 * surefire itself exits with 0 or 1), but surefire starts every fork as {@code /bin/sh -c "cd <module> && java ..."}
 * and dash exits with 2 when it cannot fork the JVM ({@code sh: 1: Cannot fork}, process or thread limit reached) or
 * cannot cd: then the JVM never ran, and the shell's message is on the Maven console just before the error.
 *
 * <p>Registered for every test class beside {@link ZooKeeperExitGuard}. Writes nothing on a normal exit.
 */
public final class JvmExitWitness implements BeforeAllCallback, BeforeEachCallback {
    private static final AtomicBoolean REGISTERED = new AtomicBoolean();
    private static volatile String running = "(no test started yet)";

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getDisplayName();
        install(Path.of("target", "jvm-exits"));
    }

    /** Registers the shutdown hook once per JVM; reports go to {@code dir}. */
    static void install(Path dir) {
        if (REGISTERED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> onExit(dir), "jvm-exit-witness"));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        running = context.getRequiredTestClass().getSimpleName() + "#" + context.getDisplayName();
    }

    private static void onExit(Path dir) {
        Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
        Thread exiting = stacks.entrySet().stream()
                .filter(e -> calls(e.getValue(), "java.lang.Shutdown", "exit"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        if (exiting == null
                || calls(stacks.get(exiting), "org.apache.maven.surefire.booter.ForkedBooter", "acknowledgedExit")) {
            return; // the JVM ended normally: its last thread finished, or surefire said goodbye
        }
        write(dir, report(exiting, stacks));
    }

    private static String report(Thread exiting, Map<Thread, StackTraceElement[]> stacks) {
        StringBuilder text = new StringBuilder()
                .append("JVM exit requested at ")
                .append(Instant.now())
                .append(" by thread '")
                .append(exiting.getName())
                .append("' while running ")
                .append(running)
                .append("\n\n");
        append(text, exiting, stacks.get(exiting));
        stacks.forEach((thread, stack) -> {
            if (thread != exiting) {
                append(text, thread, stack);
            }
        });
        return text.toString();
    }

    private static void append(StringBuilder text, Thread thread, StackTraceElement[] stack) {
        text.append('"')
                .append(thread.getName())
                .append("\" ")
                .append(thread.getState())
                .append('\n');
        for (StackTraceElement frame : stack) {
            text.append("    at ").append(frame).append('\n');
        }
        text.append('\n');
    }

    private static boolean calls(StackTraceElement[] stack, String className, String method) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals(className) && frame.getMethodName().equals(method)) {
                return true;
            }
        }
        return false;
    }

    private static void write(Path dir, String text) {
        String pid = String.valueOf(ManagementFactory.getRuntimeMXBean().getPid());
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(pid + ".txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // A shutdown hook has no caller to throw to; stderr reaches surefire's dumpstream.
            System.err.println("jvm-exit-witness could not write its report: " + new UncheckedIOException(e));
            System.err.println(text);
        }
    }
}
