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

    /** SSO Administrators only (11042 naming the group). */
    public static void requireSsoAdministrator(StoreSession s, String caller) {
        GlobalSettings global = s.globalInfo().get().settings();
        if (!memberOfAny(caller, s.groups().groupsOf(caller), Set.of(global.ssoAdminGroup()))) {
            throw new SsoException(SsoError.NOT_SSO_ADMINISTRATOR, global.ssoAdminGroup());
        }
    }

    /** Whether the caller is an SSO Administrator. */
    public static boolean isSsoAdministrator(StoreSession s, String caller) {
        GlobalSettings global = s.globalInfo().get().settings();
        return memberOfAny(caller, s.groups().groupsOf(caller), Set.of(global.ssoAdminGroup()));
    }

    /** Whether the caller is an SSO Administrator or an SSO Affiliate Administrator. */
    public static boolean isAffiliateAdministrator(StoreSession s, String caller) {
        GlobalSettings global = s.globalInfo().get().settings();
        return memberOfAny(
                caller, s.groups().groupsOf(caller), Set.of(global.ssoAdminGroup(), global.affiliateAdminGroup()));
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
     * the application's users (ENTSSO 10853: a mapped account must be an application user). An application user is
     * refused another account's mapping (10558) and any mapping of a Group application (10557).
     */
    public static void requireMappingManager(
            StoreSession s, String caller, AffiliateApplication app, WindowsAccount account) {
        requireMappingManager(s.globalInfo().get().settings(), s.groups().groupsOf(caller), caller, app, account);
    }

    /** As above, with the global settings and the caller's groups already read (a batch reads them once). */
    static void requireMappingManager(
            GlobalSettings global,
            Set<String> groups,
            String caller,
            AffiliateApplication app,
            WindowsAccount account) {
        if (Roles.isAdministrator(caller, groups, global, app)) {
            return;
        }
        if (Roles.isUserOrAdministrator(caller, groups, global, app)) {
            String detail = "Domain Name: " + account.domain() + ". User Name: " + account.user()
                    + ". Application Name: " + app.name() + ". Client User: " + caller + ".";
            if (app.type() == org.entsso.sso.store.AppType.GROUP) {
                throw new SsoException(SsoError.USERS_CANNOT_CONTROL_GROUP_MAPPINGS, detail);
            }
            if (!caller.equalsIgnoreCase(account.toString())) {
                throw new SsoException(SsoError.USERS_OWN_MAPPINGS_ONLY, detail);
            }
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
