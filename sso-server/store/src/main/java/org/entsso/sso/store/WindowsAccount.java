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

    /**
     * Parses {@code DOMAIN\\user}.
     *
     * @throws org.entsso.sso.SsoException INVALID_ARGUMENT for a name without a domain or with empty parts
     */
    public static WindowsAccount parse(String name) {
        int slash = name == null ? -1 : name.indexOf('\\');
        if (slash <= 0 || slash == name.length() - 1 || name.indexOf('\\', slash + 1) >= 0) {
            throw new org.entsso.sso.SsoException(
                    org.entsso.sso.SsoError.INVALID_ARGUMENT, "An account is DOMAIN\\user (a domain account): " + name);
        }
        return new WindowsAccount(name.substring(0, slash), name.substring(slash + 1));
    }

    /** Whether {@code other} names the same account: Windows account names compare case-insensitively. */
    public boolean sameAs(WindowsAccount other) {
        return domain.equalsIgnoreCase(other.domain) && user.equalsIgnoreCase(other.user);
    }

    @Override
    public String toString() {
        return domain + "\\" + user;
    }
}
