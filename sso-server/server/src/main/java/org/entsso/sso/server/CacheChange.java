package org.entsso.sso.server;

import java.util.Objects;
import java.util.Optional;
import org.entsso.sso.store.PurgeStep;

/**
 * A committed change that other SSO servers must drop cached credentials for (sso-server/docs/lookups.md, "Cache
 * coherence"): the application, the one account whose credentials changed (empty: every account of the application),
 * and the step of the application's purge id the change committed, when known (a replayed write commits none). Names
 * and purge ids only; never a credential.
 */
public record CacheChange(String application, Optional<String> account, Optional<PurgeStep> step) {
    public CacheChange {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(step, "step");
    }

    /** Every account of {@code application}. */
    public static CacheChange ofApplication(String application, Optional<PurgeStep> step) {
        return new CacheChange(application, Optional.empty(), step);
    }

    /** One account's credentials in {@code application}. */
    public static CacheChange ofAccount(String application, String account, Optional<PurgeStep> step) {
        return new CacheChange(application, Optional.of(account), step);
    }
}
