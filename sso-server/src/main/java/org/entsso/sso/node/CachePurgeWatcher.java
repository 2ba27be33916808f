package org.entsso.sso.node;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.SsoStore;

/**
 * The cluster-wide cache purge: every application carries a purge id that changes when its cached credentials must
 * go (credentials set through any SSO server, an administrator's purge). Each poll compares the ids with the last
 * ones seen and drops this server's cached credentials of every application whose id changed. A failed poll (the
 * database is down) changes nothing: the outage grace of the lookup path decides what is served meanwhile.
 *
 * <p>Not thread-safe: {@link #poll()} is called from one scheduler thread.
 */
final class CachePurgeWatcher {
    private static final Logger LOG = LogManager.getLogger(CachePurgeWatcher.class);

    private final SsoStore store;
    private final CredentialLookupService lookups;
    private final Map<Long, UUID> seen = new HashMap<>();

    CachePurgeWatcher(SsoStore store, CredentialLookupService lookups) {
        this.store = store;
        this.lookups = lookups;
    }

    /** Reads every application's purge id once and purges what changed since the last poll. */
    void poll() {
        try {
            for (AffiliateApplication app : store.read(s -> s.applications().list())) {
                UUID before = seen.put(app.id(), app.purgeId());
                if (before != null && !before.equals(app.purgeId())) {
                    lookups.invalidate(app.name());
                    LOG.info("purged the cached credentials of {} (purge id changed)", app.name());
                }
            }
        } catch (SsoException e) {
            LOG.debug("purge poll skipped: {}", e.getMessage());
        }
    }
}
