package org.entsso.sso.server.internal;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.GlobalSettings;

/**
 * ENTSSO's roles (anchors/entsso.md §4; DESIGN.md decision 11) as membership checks over the groups the database
 * records for a principal. An account list entry matches a group of the caller or the caller itself, ignoring case,
 * as Windows account names do. Stateless.
 */
public final class Roles {
    private Roles() {}

    /** SSO Administrators, SSO Affiliate Administrators, or the application's administrators. */
    public static boolean isAdministrator(
            String caller, Set<String> groups, GlobalSettings global, AffiliateApplication app) {
        return memberOfAny(caller, groups, administrators(global, app));
    }

    /** The application's users or anyone who administers it. */
    public static boolean isUserOrAdministrator(
            String caller, Set<String> groups, GlobalSettings global, AffiliateApplication app) {
        Set<String> accounts = administrators(global, app);
        accounts.addAll(split(app.userGroups()));
        return memberOfAny(caller, groups, accounts);
    }

    /** Whether {@code account} is one of the application's users: named in its user groups or a member of one. */
    public static boolean isUser(String account, Set<String> groups, AffiliateApplication app) {
        return memberOfAny(account, groups, split(app.userGroups()));
    }

    public static Set<String> administrators(GlobalSettings global, AffiliateApplication app) {
        Set<String> accounts = new LinkedHashSet<>();
        accounts.add(global.ssoAdminGroup());
        accounts.add(global.affiliateAdminGroup());
        accounts.addAll(split(app.adminGroups()));
        return accounts;
    }

    /** The account list for the 11042 message. */
    public static String describe(Set<String> accounts) {
        return String.join("; ", accounts);
    }

    private static boolean memberOfAny(String caller, Set<String> groups, Set<String> accounts) {
        Set<String> mine = groups.stream().map(Roles::fold).collect(Collectors.toSet());
        mine.add(fold(caller));
        return accounts.stream().map(Roles::fold).anyMatch(mine::contains);
    }

    /** The accounts of a {@code ;}-separated list, in their order. */
    public static Set<String> split(String accountList) {
        return Arrays.stream(accountList.split(";"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String fold(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
