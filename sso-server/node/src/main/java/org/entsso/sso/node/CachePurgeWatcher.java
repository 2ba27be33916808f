package org.entsso.sso.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.CacheChange;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.GlobalInfo;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.SsoStore;

/**
 * Where this server's cached credentials learn of changes made through other servers (issue 9, issue 14).
 *
 * <p>{@link #signalled} takes the ZooKeeper purge signal ({@link PurgeChannel}): it drops the one account's cached
 * credentials, or the whole application's when the signal names no account, and remembers the step of the
 * application's purge id the signal carried.
 *
 * <p>{@link #poll()} is the fallback: every application carries a purge id that every change gives a new value in the
 * change's own transaction (credentials set, a mapping or the application disabled). Each poll reads the ids and, for
 * an application whose id moved since the last poll, checks whether the remembered steps lead from the old id to the
 * new one. If they do, every change in between was signalled and already dropped what it had to. If not, the poll
 * looks again from the same old id at the next poll (a signal may still be on its way: the change commits before its
 * signal is written), and if the steps still do not lead to the id then read, it drops the whole application's cached
 * credentials (a signal was never written or was lost). An application that is gone (deleted) is dropped at once. A failed poll (the database is down) changes nothing: the outage
 * grace of the lookup path decides what is served meanwhile.
 *
 * <p>So a write drops one account everywhere within ZooKeeper's notification latency, and the whole application only
 * where a signal went missing, within two poll intervals. Before issue 14 every write dropped the whole application on
 * every server, twice: with writes a few times a second, lookups on every server went to the database.
 *
 * <p>Remembered steps are kept for at most {@link #KEEP_STEPS} and {@link #MAX_STEPS} per application (older ones go
 * first; losing one only costs a whole-application drop). Thread-safe: {@link #signalled} runs on a ZooKeeper event
 * thread, {@link #poll()} on one scheduler thread.
 */
final class CachePurgeWatcher {
    /** How long a signalled step waits for the poll that consumes it. */
    static final Duration KEEP_STEPS = Duration.ofMinutes(2);

    /** The most steps remembered per application. */
    static final int MAX_STEPS = 10_000;

    private static final Logger LOG = LogManager.getLogger(CachePurgeWatcher.class);

    private final SsoStore store;
    private final CredentialLookupService lookups;
    private final Clock clock;
    /** Per application (lower-cased name): purge id before -> the step's after and when it was signalled. */
    private final Map<String, LinkedHashMap<UUID, Signalled>> steps = new HashMap<>();

    private Map<Long, Seen> seen;

    CachePurgeWatcher(SsoStore store, CredentialLookupService lookups, Clock clock) {
        this.store = store;
        this.lookups = lookups;
        this.clock = clock;
    }

    /** A purge signal: drops what it names here and remembers its step for the poll. Must not block. */
    void signalled(CacheChange change) {
        if (change.global()) {
            lookups.globalChanged();
            return;
        }
        if (change.account().isPresent()) {
            lookups.invalidate(change.application(), change.account().get());
        } else {
            lookups.invalidate(change.application());
        }
        change.step().ifPresent(step -> remember(change.application(), step));
    }

    private synchronized void remember(String application, PurgeStep step) {
        LinkedHashMap<UUID, Signalled> chain = steps.computeIfAbsent(key(application), a -> new LinkedHashMap<>());
        chain.put(step.before(), new Signalled(step.after(), clock.instant()));
        if (chain.size() > MAX_STEPS) {
            Iterator<UUID> oldest = chain.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Reads every application's purge id once and drops what changed since the last poll without a signal. */
    void poll() {
        List<AffiliateApplication> apps;
        GlobalInfo[] global = new GlobalInfo[1];
        try {
            apps = store.read(s -> {
                global[0] = s.globalInfo().get();
                return s.applications().list();
            });
        } catch (SsoException e) {
            LOG.debug("purge poll skipped: {}", e.getMessage());
            return;
        }
        // The fallback of the global signal: settings or group membership that changed without one.
        lookups.globalPolled(global[0]);
        Map<Long, Seen> now = new HashMap<>();
        apps.forEach(app -> now.put(app.id(), new Seen(app.name(), app.purgeId(), false)));
        if (seen != null) {
            seen.forEach((id, before) -> {
                Seen after = now.get(id);
                if (after == null) {
                    lookups.invalidate(before.name());
                    LOG.info("purged the cached credentials of {} (deleted)", before.name());
                } else if (!after.purgeId().equals(before.purgeId())
                        && !signalledAll(before.name(), before.purgeId(), after.purgeId())) {
                    if (before.deferred()) {
                        lookups.invalidate(before.name());
                        LOG.info(
                                "purged the cached credentials of {} (purge id changed without a purge signal)",
                                before.name());
                    } else {
                        now.put(id, new Seen(before.name(), before.purgeId(), true)); // look again next time
                    }
                }
            });
        }
        seen = now;
        forgetOldSteps();
    }

    /** Whether remembered steps lead from {@code from} to {@code to}; if so, forgets the steps walked. */
    private synchronized boolean signalledAll(String application, UUID from, UUID to) {
        LinkedHashMap<UUID, Signalled> chain = steps.get(key(application));
        if (chain == null) {
            return false;
        }
        List<UUID> walked = new ArrayList<>();
        UUID at = from;
        while (!at.equals(to)) {
            Signalled next = chain.get(at);
            if (next == null || walked.size() > MAX_STEPS) {
                return false;
            }
            walked.add(at);
            at = next.after();
        }
        walked.forEach(chain::remove);
        return true;
    }

    private synchronized void forgetOldSteps() {
        Instant oldest = clock.instant().minus(KEEP_STEPS);
        steps.values().forEach(chain -> chain.values().removeIf(s -> s.at().isBefore(oldest)));
        steps.values().removeIf(Map::isEmpty);
    }

    private static String key(String application) {
        return application.toLowerCase(Locale.ROOT);
    }

    /** An application as a poll left it; {@code deferred}: its purge id moved without the steps to show for it. */
    private record Seen(String name, UUID purgeId, boolean deferred) {}

    private record Signalled(UUID after, Instant at) {}
}
