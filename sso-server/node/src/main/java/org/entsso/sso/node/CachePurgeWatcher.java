package org.entsso.sso.node;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.SsoStore;

/**
 * The fallback of the cluster-wide cache purge (issue 9): every application carries a purge id that changes when its
 * cached credentials must go (credentials set through any SSO server, a mapping or the application disabled). Each
 * poll compares the ids with the last ones seen and drops this server's cached credentials of every application whose
 * id changed or that is gone (deleted). The ZooKeeper signal ({@link PurgeChannel}) normally does this within
 * milliseconds; the poll bounds the delay by its interval when a signal is lost. A failed poll (the database is down)
 * changes nothing: the outage grace of the lookup path decides what is served meanwhile.
 *
 * <p>Not thread-safe: {@link #poll()} is called from one scheduler thread.
 */
final class CachePurgeWatcher {
    private static final Logger LOG = LogManager.getLogger(CachePurgeWatcher.class);

    private final SsoStore store;
    private final CredentialLookupService lookups;
    private Map<Long, Seen> seen;

    CachePurgeWatcher(SsoStore store, CredentialLookupService lookups) {
        this.store = store;
        this.lookups = lookups;
    }

    /** Reads every application's purge id once and purges what changed since the last poll. */
    void poll() {
        List<AffiliateApplication> apps;
        try {
            apps = store.read(s -> s.applications().list());
        } catch (SsoException e) {
            LOG.debug("purge poll skipped: {}", e.getMessage());
            return;
        }
        Map<Long, Seen> now = new HashMap<>();
        apps.forEach(app -> now.put(app.id(), new Seen(app.name(), app.purgeId())));
        if (seen != null) {
            seen.forEach((id, before) -> {
                Seen after = now.get(id);
                if (after == null || !after.purgeId().equals(before.purgeId())) {
                    lookups.invalidate(before.name());
                    LOG.info(
                            "purged the cached credentials of {} ({})",
                            before.name(),
                            after == null ? "deleted" : "purge id changed");
                }
            });
        }
        seen = now;
    }

    private record Seen(String name, UUID purgeId) {}
}
