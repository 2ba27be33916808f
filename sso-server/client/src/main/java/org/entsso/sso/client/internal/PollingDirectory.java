package org.entsso.sso.client.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A {@link ServerDirectory} that re-reads a discovery source every interval and at once when asked after a connection
 * failure, on one daemon thread. The seed endpoints always come first; a failed read keeps the last list (servers
 * keep answering while discovery cannot, DESIGN.md "What clients see").
 *
 * <p>Thread-safe: the snapshot is a volatile immutable list written only by the discovery thread.
 */
public final class PollingDirectory implements ServerDirectory {
    private static final Logger LOG = LogManager.getLogger(PollingDirectory.class);

    private final List<URI> statics;
    private final Function<List<URI>, List<URI>> source;
    private final Duration interval;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean refreshPending = new AtomicBoolean();
    private volatile List<URI> snapshot;
    private String lastProblem;

    /**
     * A directory of {@code statics} plus what {@code source} returns when given the list known now (it may throw; that
     * read is then skipped).
     */
    public PollingDirectory(List<URI> statics, Function<List<URI>, List<URI>> source, Duration interval) {
        this.statics = List.copyOf(statics);
        this.source = Objects.requireNonNull(source, "source");
        this.interval = interval;
        this.snapshot = this.statics;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "entsso-client-discovery");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads the source at once and then every interval, on the discovery thread; returns without waiting. */
    public PollingDirectory start() {
        thread.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public List<URI> servers() {
        return snapshot;
    }

    @Override
    public void refreshSoon() {
        if (refreshPending.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    refreshPending.set(false);
                    refresh();
                });
            } catch (RejectedExecutionException e) {
                refreshPending.set(false); // closed
            }
        }
    }

    private synchronized void refresh() {
        List<URI> discovered;
        try {
            discovered = source.apply(snapshot);
        } catch (RuntimeException e) {
            String problem = e.getMessage();
            if (!Objects.equals(problem, lastProblem)) {
                LOG.warn("SSO server discovery failed; keeping the last list {}: {}", snapshot, problem);
                lastProblem = problem;
            }
            return;
        }
        lastProblem = null;
        Set<URI> union = new LinkedHashSet<>(statics);
        union.addAll(discovered);
        List<URI> next = List.copyOf(new ArrayList<>(union));
        if (!next.equals(snapshot)) {
            LOG.info("SSO servers {} -> {}", snapshot, next);
            snapshot = next;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    @Override
    public String toString() {
        return "PollingDirectory" + snapshot;
    }
}
