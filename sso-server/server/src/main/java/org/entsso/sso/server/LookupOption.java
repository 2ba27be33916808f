package org.entsso.sso.server;

/** Options of a lookup, after ENTSSO's lookup flags (anchors/entsso.md §1 and §3). */
public enum LookupOption {
    /** {@code SSO_FLAG_REFRESH}: read the database even when the credential cache has the answer. */
    REFRESH
}
