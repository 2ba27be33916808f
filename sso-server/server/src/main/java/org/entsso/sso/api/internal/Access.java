package org.entsso.sso.api.internal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.internal.Roles;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.GlobalSettings;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;

/**
 * The API's access rules (anchors/entsso.md §4), checked inside the unit of work that acts, against the groups the
 * database records: SSO administrators and SSO affiliate administrators create applications; they and the
 * application's administrators manage it and its mappings; an application user manages only their own mapping.
 * Everyone else gets ACCESS_DENIED (11042) naming the accounts that would do. Stateless.
 */
public final class Access {
    private Access() {}

    /** SSO Administrators or SSO Affiliate Administrators. */
    public static void requireAffiliateAdministrator(StoreSession s, String caller) {
        GlobalSettings global = s.globalInfo().get().settings();
        Set<String> accounts = new LinkedHashSet<>();
        accounts.add(global.ssoAdminGroup());
        accounts.add(global.affiliateAdminGroup());
        if (!memberOfAny(caller, s.groups().groupsOf(caller), accounts)) {
            throw new SsoException(SsoError.ACCESS_DENIED, Roles.describe(accounts));
        }
    }

    /** SSO (affiliate) administrators or the application's administrators. */
    public static void requireAdministrator(StoreSession s, String caller, AffiliateApplication app) {
        GlobalSettings global = s.globalInfo().get().settings();
        if (!Roles.isAdministrator(caller, s.groups().groupsOf(caller), global, app)) {
            throw new SsoException(SsoError.ACCESS_DENIED, Roles.describe(Roles.administrators(global, app)));
        }
    }

    /**
     * Anyone who may manage {@code account}'s mapping: the administrators, or the account itself when it is one of
     * the application's users (ENTSSO 10853: a mapped account must be an application user).
     */
    public static void requireMappingManager(
            StoreSession s, String caller, AffiliateApplication app, WindowsAccount account) {
        GlobalSettings global = s.globalInfo().get().settings();
        Set<String> groups = s.groups().groupsOf(caller);
        if (Roles.isAdministrator(caller, groups, global, app)) {
            return;
        }
        if (caller.equalsIgnoreCase(account.toString()) && Roles.isUserOrAdministrator(caller, groups, global, app)) {
            return;
        }
        Set<String> accounts = Roles.administrators(global, app);
        accounts.add(account + " (as a member of " + app.userGroups() + ")");
        throw new SsoException(SsoError.ACCESS_DENIED, Roles.describe(accounts));
    }

    private static boolean memberOfAny(String caller, Set<String> groups, Set<String> accounts) {
        Set<String> mine = new LinkedHashSet<>();
        mine.add(fold(caller));
        groups.forEach(g -> mine.add(fold(g)));
        return accounts.stream().map(Access::fold).anyMatch(mine::contains);
    }

    private static String fold(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
