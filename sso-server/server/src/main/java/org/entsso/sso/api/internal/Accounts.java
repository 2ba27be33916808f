package org.entsso.sso.api.internal;

import org.entsso.sso.store.WindowsAccount;

/** Parses {@code DOMAIN\\user} account names (anchors/entsso.md §3: only domain accounts are mapped). Stateless. */
public final class Accounts {
    private Accounts() {}

    /** @throws org.entsso.sso.SsoException INVALID_ARGUMENT for a name without a domain or with empty parts */
    public static WindowsAccount parse(String name) {
        return WindowsAccount.parse(name);
    }
}
