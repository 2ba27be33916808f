package org.entsso.sso.transport.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request's body without holding a thread, within a limit of bytes and a deadline, and reports exactly one
 * {@link Outcome}. The deadline and the reads are serialised: once the deadline has settled the request, this never
 * reads again, so Jetty's own reading of what is left (when the answer completes) never meets a read of ours on
 * another thread. (Answering 408 from the timer while {@code Content.Source.asByteArrayAsync} was reading let two
 * threads fill the connection's request buffer: "Serialized invocation error", seen under a body-stall attack.) The
 * bytes read are zeroed once copied out, or when the read ends otherwise. Thread-safe.
 */
final class BodyRead implements Runnable {
    /** How a read ended; exactly one method is called, outside this reader's lock. */
    interface Outcome {
        void body(byte[] bytes);

        void tooLarge();

        void timedOut();

        void failed(Throwable failure);
    }

    private final Request request;
    private final int maxBytes;
    private final Outcome outcome;
    private final Object lock = new Object();
    private byte[] buffer = new byte[0];
    private int size;
    private boolean settled;
    private Scheduler.Task timer;

    private BodyRead(Request request, int maxBytes, Outcome outcome) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.outcome = outcome;
    }

    /** Starts reading {@code request}'s body; {@code outcome} hears of its end. */
    static void start(Request request, int maxBytes, long timeoutMillis, Outcome outcome) {
        BodyRead read = new BodyRead(request, maxBytes, outcome);
        synchronized (read.lock) {
            read.timer = request.getComponents()
                    .getScheduler()
                    .schedule(read::timeout, timeoutMillis, TimeUnit.MILLISECONDS);
        }
        read.run();
    }

    @Override
    public void run() {
        Runnable then;
        synchronized (lock) {
            then = readLocked();
        }
        if (then != null) {
            then.run();
        }
    }

    private Runnable readLocked() {
        while (!settled) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return null;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                settle();
                return () -> outcome.failed(failure);
            }
            try {
                ByteBuffer bytes = chunk.getByteBuffer();
                int n = bytes.remaining();
                if (n > maxBytes - size) {
                    settle();
                    return outcome::tooLarge;
                }
                if (size + n > buffer.length) {
                    byte[] larger = Arrays.copyOf(buffer, Math.min(maxBytes, Math.max(size + n, buffer.length * 2)));
                    Arrays.fill(buffer, (byte) 0);
                    buffer = larger;
                }
                bytes.get(buffer, size, n);
                size += n;
                if (chunk.isLast()) {
                    byte[] body = Arrays.copyOf(buffer, size);
                    settle();
                    return () -> outcome.body(body);
                }
            } finally {
                chunk.release();
            }
        }
        return null;
    }

    private void timeout() {
        synchronized (lock) {
            if (settled) {
                return;
            }
            settle();
        }
        outcome.timedOut();
    }

    /** Under the lock: no read after this; the timer stops and the bytes read so far are zeroed. */
    private void settle() {
        settled = true;
        if (timer != null) {
            timer.cancel();
        }
        Arrays.fill(buffer, (byte) 0);
        size = 0;
    }
}
