package org.entsso.sso.server;

import java.util.Objects;
import java.util.Optional;
import org.entsso.sso.store.PurgeStep;

/**
 * A committed change that other SSO servers must drop cached credentials for (sso-server/docs/lookups.md, "Cache
 * coherence"): the application, the one account whose credentials changed (empty: every account of the application),
 * and the step of the application's purge id the change committed, when known (a replayed write commits none). Names
 * and purge ids only; never a credential.
 *
 * <p>A {@link #global()} change is one of the global settings or of group membership (issue 12): every server drops
 * every cached credential and reads the settings again before its next lookup; its application is empty.
 */
public record CacheChange(String application, Optional<String> account, Optional<PurgeStep> step, boolean global) {
    public CacheChange {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(step, "step");
    }

    /** The global settings or group membership changed. */
    public static CacheChange ofGlobal() {
        return new CacheChange("", Optional.empty(), Optional.empty(), true);
    }

    /** Every account of {@code application}. */
    public static CacheChange ofApplication(String application, Optional<PurgeStep> step) {
        return new CacheChange(application, Optional.empty(), step, false);
    }

    /** One account's credentials in {@code application}. */
    public static CacheChange ofAccount(String application, String account, Optional<PurgeStep> step) {
        return new CacheChange(application, Optional.of(account), step, false);
    }
}
