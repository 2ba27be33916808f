package org.entsso.sso.api.internal;

import org.entsso.sso.store.WindowsAccount;

/** Parses {@code DOMAIN\\user} account names (anchors/entsso.md §3: only domain accounts are mapped). Stateless. */
public final class Accounts {
    private Accounts() {}

    /** @throws org.entsso.sso.SsoException INVALID_ARGUMENT for a name without a domain or with empty parts */
    public static WindowsAccount parse(String name) {
        int slash = name == null ? -1 : name.indexOf('\\');
        if (slash <= 0 || slash == name.length() - 1 || name.indexOf('\\', slash + 1) >= 0) {
            throw Json.invalid("An account is DOMAIN\\user (a domain account): " + name);
        }
        return new WindowsAccount(name.substring(0, slash), name.substring(slash + 1));
    }
}
