package org.entsso.sso.server;

import org.entsso.sso.AppFlags;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.AppType;
import org.entsso.sso.store.ApplicationSpec;
import org.entsso.sso.store.FieldInfo;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;

/** Test support: Config Store applications written straight into a store, for the fixtures of this module. */
public final class ConfigStoreApps {
    private ConfigStoreApps() {}

    /**
     * An enabled Config Store application {@code name} whose items hold {@code properties} (the first unmasked, the
     * rest masked), used by {@code users} and administered by {@code admins}.
     */
    public static AffiliateApplication create(
            SsoStore store, String name, String users, String admins, String... properties) {
        return store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.applications()
                    .create(new ApplicationSpec(
                            name,
                            "d",
                            null,
                            users,
                            admins,
                            AppFlags.CONFIG_STORE,
                            properties.length,
                            AppType.CONFIG_STORE));
            for (int i = 0; i < properties.length; i++) {
                s.applications().addField(name, new FieldInfo(i, properties[i], i > 0, false));
            }
            return s.applications().updateFlags(name, 0x2, 0x2);
        });
    }
}
