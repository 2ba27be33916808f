package org.entsso.sso.store;

/**
 * A domain account: {@code DOMAIN\\user}. Stored as given; the domain is at most 15 characters (a NetBIOS name).
 *
 * @param domain the Windows domain
 * @param user the account name
 */
public record WindowsAccount(String domain, String user) {
    /** @throws org.entsso.sso.SsoException INVALID_ARGUMENT for an empty or too long part */
    public WindowsAccount {
        Names.requireName("Windows domain", domain, 15);
        Names.requireName("Windows user", user, 256);
    }

    @Override
    public String toString() {
        return domain + "\\" + user;
    }
}
