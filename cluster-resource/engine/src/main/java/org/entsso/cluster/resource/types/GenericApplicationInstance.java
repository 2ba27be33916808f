package org.entsso.cluster.resource.types;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;

/**
 * One Generic Application resource: at most one running process. Besides the LooksAlive/IsAlive polls, an unexpected
 * exit is reported at once through {@link ResourceContext#signalFailure} (WSFC's asynchronous failure event).
 *
 * <p>Offline sends SIGTERM to the process and to its descendants (so a {@code sh -c} wrapper's children do not outlive
 * it), waits up to {@code StopTimeout} for all of them, then kills what is left. Terminate kills them all at once.
 * Messages name the executable only, never the full command line, which may carry secrets.
 *
 * <p>Thread-safety: the engine calls online/offline/polls on one thread; {@link #terminate()} may run concurrently
 * with them. The process is held in a volatile field and a volatile {@code stopping} flag tells an expected exit from a
 * failure; whichever of Online and Terminate comes second kills the process.
 */
final class GenericApplicationInstance implements ResourceInstance {
    private static final Logger LOG = LogManager.getLogger(GenericApplicationInstance.class);

    /** An application that exits this soon after starting is reported as a failed Online, not a later failure. */
    static final Duration STARTUP_CHECK = Duration.ofMillis(200);

    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final ResourceContext context;
    private volatile Process process;
    private volatile boolean stopping;

    GenericApplicationInstance(ResourceContext context) {
        this.context = context;
    }

    @Override
    public void online() {
        Parameters parameters = new Parameters(context, GenericApplicationType.NAME);
        List<String> command = CommandLine.split(parameters.required(GenericApplicationType.COMMAND_LINE));
        File directory = directory(parameters);
        Optional<File> output =
                parameters.optional(GenericApplicationType.OUTPUT_FILE).map(f -> resolve(directory, f));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory)
                .redirectErrorStream(true)
                .redirectOutput(output.map(ProcessBuilder.Redirect::appendTo).orElse(ProcessBuilder.Redirect.DISCARD));
        stopping = false;
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            throw new ClusterException(
                    describe() + " could not start '" + command.get(0) + "' in " + directory + ": " + e.getMessage(),
                    e);
        }
        closeStdin(started);
        process = started;
        if (stopping) {
            killTree(started);
            throw new ClusterException(describe() + " was terminated while starting '" + command.get(0) + "'");
        }
        awaitStartup(started, command.get(0), output);
        started.onExit().thenAccept(this::exited);
        LOG.info("{} started '{}' as process {}", describe(), command.get(0), started.pid());
    }

    @Override
    public void offline() {
        Process p = process;
        if (p == null) {
            return;
        }
        stopping = true;
        Duration timeout = new Parameters(context, GenericApplicationType.NAME)
                .duration(GenericApplicationType.STOP_TIMEOUT, DEFAULT_STOP_TIMEOUT);
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroy();
        descendants.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            boolean clean = awaitExit(p.toHandle(), deadline);
            for (ProcessHandle descendant : descendants) {
                clean &= awaitExit(descendant, deadline);
            }
            if (!clean) {
                LOG.warn(
                        "{}: process {} or its children outlived StopTimeout {} ms; killing them",
                        describe(),
                        p.pid(),
                        timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            p.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            process = null;
        }
        LOG.info("{} stopped process {}", describe(), p.pid());
    }

    @Override
    public void terminate() {
        stopping = true;
        Process p = process;
        process = null;
        if (p != null) {
            killTree(p);
        }
    }

    @Override
    public boolean looksAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    @Override
    public boolean isAlive() {
        return looksAlive();
    }

    @Override
    public void close() {
        terminate();
    }

    /** The running process, for tests. */
    Optional<ProcessHandle> processHandle() {
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    private void awaitStartup(Process started, String executable, Optional<File> output) {
        boolean exited;
        try {
            exited = started.waitFor(STARTUP_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(started);
            throw new ClusterException(describe() + " was interrupted while starting '" + executable + "'", e);
        }
        if (!exited) {
            return;
        }
        process = null;
        if (stopping) {
            throw new ClusterException(describe() + " was terminated while starting '" + executable + "'");
        }
        int code = started.exitValue();
        throw new ClusterException(describe() + ": '" + executable + "' exited with code " + code + " within "
                + STARTUP_CHECK.toMillis() + " ms of starting"
                + (code == 0 ? " (an application must keep running while the resource is Online)" : "")
                + output.map(f -> "; its output is in " + f).orElse("; set OutputFile to keep its output"));
    }

    private void exited(Process p) {
        if (!stopping && process == p) {
            String reason = "process " + p.pid() + " exited with code " + p.exitValue();
            LOG.warn("{}: {}", describe(), reason);
            context.signalFailure(reason);
        }
    }

    private File directory(Parameters parameters) {
        File directory = parameters
                .optional(GenericApplicationType.CURRENT_DIRECTORY)
                .map(File::new)
                .orElseGet(() -> new File(System.getProperty("user.dir")));
        if (!directory.isDirectory()) {
            throw new InvalidClusterConfigurationException(
                    describe() + ": CurrentDirectory " + directory + " is not a directory on this node");
        }
        return directory;
    }

    private static File resolve(File directory, String path) {
        File file = new File(path);
        return file.isAbsolute() ? file : new File(directory, path);
    }

    private static boolean awaitExit(ProcessHandle handle, long deadlineNanos) throws InterruptedException {
        long remaining = deadlineNanos - System.nanoTime();
        try {
            handle.onExit().get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return !handle.isAlive();
        } catch (ExecutionException e) {
            return !handle.isAlive();
        }
    }

    private static void killTree(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static void closeStdin(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            LOG.debug("Closing the stdin of process {} failed", p.pid(), e);
        }
    }

    private String describe() {
        return "Generic Application resource '" + context.resourceName() + "'";
    }
}
