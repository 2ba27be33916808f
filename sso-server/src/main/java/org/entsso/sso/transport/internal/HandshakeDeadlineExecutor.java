package org.entsso.sso.transport.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker pool of a JDK {@code HttpsServer}, with a deadline on reaching a handler. The JDK server runs the TLS
 * handshake and the request-line read on its worker threads with blocking reads and no timeout of its own (short of
 * the JVM-wide {@code sun.net.httpserver.maxReqTime}): a few connections that send one byte and stall would hold every
 * worker, and no SSO server could fetch the keyring. Each task therefore gets an alarm; if it has not reached a handler
 * ({@link #handlerReached()}) by the deadline, its thread is interrupted, which closes the blocking channel (an
 * {@code InterruptibleChannel}) and ends the exchange. Handlers themselves are not limited here.
 *
 * <p>Thread-safe.
 */
public final class HandshakeDeadlineExecutor implements Executor {
    private static final int WAITING = 0;
    private static final int REACHED = 1;
    private static final int INTERRUPTED = 2;

    private final ExecutorService workers;
    private final ScheduledExecutorService alarms;
    private final Duration deadline;
    private final ThreadLocal<Task> current = new ThreadLocal<>();

    public HandshakeDeadlineExecutor(int threads, Duration deadline, String name) {
        this.workers = Executors.newFixedThreadPool(threads, daemon(name));
        this.alarms = Executors.newSingleThreadScheduledExecutor(daemon(name + "-deadline"));
        this.deadline = deadline;
    }

    @Override
    public void execute(Runnable exchange) {
        workers.execute(() -> run(exchange));
    }

    /** Called on the worker thread when the exchange reaches its handler: the deadline no longer applies. */
    public void handlerReached() {
        Task task = current.get();
        if (task != null) {
            task.settle();
        }
    }

    /** Stops the workers (interrupting them) and the alarms. */
    public void shutdownNow() {
        alarms.shutdownNow();
        workers.shutdownNow();
    }

    private void run(Runnable exchange) {
        Task task = new Task(Thread.currentThread());
        ScheduledFuture<?> alarm = alarms.schedule(task::expire, deadline.toMillis(), TimeUnit.MILLISECONDS);
        current.set(task);
        try {
            exchange.run();
        } finally {
            current.remove();
            alarm.cancel(false);
            task.settle();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One exchange's race between its alarm and its progress; the lock keeps a late interrupt off the next task. */
    private static final class Task {
        private final Thread thread;
        private int state = WAITING;

        Task(Thread thread) {
            this.thread = thread;
        }

        synchronized void expire() {
            if (state == WAITING) {
                state = INTERRUPTED;
                thread.interrupt();
            }
        }

        /** On the worker thread: no interrupt after this; clears one that was delivered for this task's deadline. */
        synchronized void settle() {
            if (state == WAITING) {
                state = REACHED;
            } else if (state == INTERRUPTED && Thread.currentThread() == thread) {
                Thread.interrupted();
            }
        }
    }
}
