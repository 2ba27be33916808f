package org.entsso.sso.mss;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.NodeSecretStore;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;

/**
 * A standby's rehearsal of the master secret server's write path (issue 14 item 4): a node whose JVM has just started
 * ran its first forwarded write in 250-720 ms (class loading, Hibernate's first statements, the JIT) against 25-140 ms
 * later, and a planned move to it paused writes that long. Shortly after the node starts, this runs a few credential
 * writes of an existing mapping through {@link FencedWrites#rehearse}, after the takeover's own statements once
 * ({@link SsoStore#rehearseTakeover}: a node's first takeover recorded its epoch 100-300 ms late), each in a
 * transaction that is rolled back, so nothing is written. With no mapping in the database, or no keyring in the secret
 * store yet, there is nothing to rehearse: it looks again every 10 s for an hour. Runs once, on a daemon thread of its
 * own; failures are logged at INFO and change nothing.
 *
 * <p>A planned move's target rehearses again while the owner still serves ({@link #prepare}), up to {@link
 * #WARM_TIMES} in this JVM's life: until then the Master Secret Service asks the move for more time ({@link
 * MasterSecretServiceType#preparationNeeded}).
 */
final class WriteRehearsal {
    private static final Logger LOG = LogManager.getLogger(WriteRehearsal.class);
    /** How long after the node's start: its own start-up comes first. */
    static final long DELAY_MILLIS = 3_000;
    /** Rehearsals, a little apart, enough for the statements and the first JIT tier. */
    static final int TIMES = 5;
    /**
     * How often a node that found nothing to rehearse looks again (a new cluster has no mapping until its
     * administrators create one; its standbys would otherwise never rehearse until they restart), and for how long.
     */
    static final long RETRY_MILLIS = 10_000;

    static final int RETRIES = 360;

    /** Rehearsals before a planned move ({@link #prepare}): enough for Hibernate's plans and the first JIT tier. */
    static final int PREPARE_TIMES = 20;

    /**
     * Rehearsals a node runs in all before its write path counts as warm ({@link
     * MasterSecretServiceType#preparationNeeded}): a node that had never owned the group, or had started seconds
     * before, paused the writes of a move to it 560-620 ms with its standby's 5 and the move's 20 rehearsals, and
     * 295-423 ms after about 160 (issue 14).
     */
    static final int WARM_TIMES = 160;

    /** The pause between the rehearsals a move's target runs to reach {@link #WARM_TIMES}: the owner's writes first. */
    static final long WARMING_PAUSE_MILLIS = 5;

    /** What a move's target keeps of its budget for the last {@link #PREPARE_TIMES} rehearsals, back to back. */
    private static final Duration FINAL_RESERVE = Duration.ofSeconds(1);

    private WriteRehearsal() {}

    /**
     * Starts the standby's rehearsal in the background; {@link Standby#stop} ends it after the transaction under way.
     */
    static Standby start(
            String nodeName, NodeSecretStore secretStore, SsoStore store, Runnable takeoverOnce, AtomicInteger count) {
        Objects.requireNonNull(nodeName, "nodeName");
        Standby standby = new Standby();
        Thread t = new Thread(
                () -> run(nodeName, secretStore, store, takeoverOnce, count, standby),
                "mss-write-rehearsal-" + nodeName);
        t.setDaemon(true);
        t.start();
        return standby;
    }

    /**
     * A rehearsal under way, a standby's or a move's preparation's. It stops when the node prepares to own the group or
     * owns it: its transactions
     * lock the global row, as every write of the owner does at its end, and a rehearsal still running when a move
     * started (a node restarted seconds before) slowed the target's own preparation and the first writes of its term.
     */
    static final class Standby {
        private final AtomicBoolean stopped = new AtomicBoolean();

        void stop() {
            stopped.set(true);
        }

        boolean stopped() {
            return stopped.get();
        }
    }

    private static void run(
            String nodeName,
            NodeSecretStore secretStore,
            SsoStore store,
            Runnable takeoverOnce,
            AtomicInteger count,
            Standby standby) {
        try {
            TimeUnit.MILLISECONDS.sleep(DELAY_MILLIS);
            Optional<Target> target = target(secretStore, store);
            for (int retry = 0; target.isEmpty() && retry < RETRIES && !standby.stopped(); retry++) {
                TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
                target = target(secretStore, store);
            }
            if (target.isEmpty() || standby.stopped()) {
                return;
            }
            // Once: what it saves is mostly class loading and first calls. In every round it held the global row
            // long enough to slow the owner's writes, and a move's target did fewer write rehearsals in its budget.
            takeoverOnce.run();
            rehearse(nodeName, secretStore, store, target.get(), TIMES, Duration.ofMinutes(1), 50, count, standby);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Only a warm-up: the first write after a takeover is then a cold one, as it was before this existed.
            LOG.info("Standby {} could not rehearse the write path: {}", nodeName, e.getMessage());
        }
    }

    /**
     * Rehearses now, on the caller's thread, {@code takeoverOnce} (the takeover's statements, unless this JVM ran
     * them) and then the write path: first, {@link #WARMING_PAUSE_MILLIS} apart, as often as {@code count} falls short
     * of {@link #WARM_TIMES}, then {@link #PREPARE_TIMES} times back to back; all within {@code budget}. A planned move
     * named this node the target ({@link MasterSecretServiceType#prepareToOwn}). Nothing to rehearse (no mapping, no
     * keyring) returns at once, and {@code run} stopped ends it after the transaction under way (this node took the
     * group). Failures are logged at INFO and change nothing.
     */
    static void prepare(
            String nodeName,
            NodeSecretStore secretStore,
            SsoStore store,
            Runnable takeoverOnce,
            AtomicInteger count,
            Standby run,
            Duration budget) {
        long start = System.nanoTime();
        try {
            takeoverOnce.run();
            Optional<Target> target = target(secretStore, store);
            if (target.isEmpty() || run.stopped()) {
                return;
            }
            int warming = WARM_TIMES - count.get();
            if (warming > 0) {
                Duration left = budget.minusNanos(System.nanoTime() - start);
                rehearse(
                        nodeName,
                        secretStore,
                        store,
                        target.get(),
                        warming,
                        left.minus(FINAL_RESERVE),
                        WARMING_PAUSE_MILLIS,
                        count,
                        run);
            }
            Duration left = budget.minusNanos(System.nanoTime() - start);
            if (!left.isNegative()) {
                rehearse(nodeName, secretStore, store, target.get(), PREPARE_TIMES, left, 0, count, run);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.info("Node {} could not rehearse the write path before a move: {}", nodeName, e.getMessage());
        }
    }

    /** Rehearses {@code times} times, {@code pauseMillis} apart, or until {@code budget} has passed, and says so. */
    private static void rehearse(
            String nodeName,
            NodeSecretStore secretStore,
            SsoStore store,
            Target target,
            int times,
            Duration budget,
            long pauseMillis,
            AtomicInteger count,
            Standby standby)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + budget.toNanos();
        int done = 0;
        try (Keyring keyring = secretStore.keyring()) {
            while (done < times && System.nanoTime() < end && !standby.stopped()) {
                FencedWrites.rehearse(store, keyring, target.application(), target.account());
                done++;
                count.incrementAndGet();
                TimeUnit.MILLISECONDS.sleep(pauseMillis);
            }
        }
        LOG.info(
                "Node {} rehearsed the master secret server's write path {} times in {} ms (rolled back, nothing"
                        + " written)",
                nodeName,
                done,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** A mapping to rehearse a write of, when the node has a keyring to rehearse with. */
    private static Optional<Target> target(NodeSecretStore secretStore, SsoStore store) {
        return secretStore.hasKeyring() ? store.read(WriteRehearsal::someMapping) : Optional.empty();
    }

    /** A mapping to rehearse a write of. */
    private record Target(String application, WindowsAccount account) {}

    /** The first mapping of the first application that has one (a few applications read at most). */
    private static Optional<Target> someMapping(StoreSession s) {
        List<AffiliateApplication> apps = s.applications().list();
        for (AffiliateApplication app : apps.subList(0, Math.min(apps.size(), 5))) {
            List<Mapping> mappings = s.mappings().forApplication(app.name());
            if (!mappings.isEmpty()) {
                return Optional.of(new Target(app.name(), mappings.get(0).account()));
            }
        }
        return Optional.empty();
    }
}
