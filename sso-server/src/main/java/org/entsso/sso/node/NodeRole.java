package org.entsso.sso.node;

import java.util.Locale;

/** What a node process runs (DESIGN.md decision 1): every node is an SSO server; some may own the MSS. */
public enum NodeRole {
    /** Serves lookups from the database, the credential cache and the cached keyring. */
    SSO_SERVER("sso-server"),
    /** A possible owner of the ENTSSO group, so it may run the Master Secret Service. */
    MASTER_SECRET_SERVER("master-secret-server");

    private final String text;

    NodeRole(String text) {
        this.text = text;
    }

    /** The name used in configuration files. */
    public String text() {
        return text;
    }

    /** Parses {@code sso-server} or {@code master-secret-server}. */
    public static NodeRole parse(String value) {
        for (NodeRole role : values()) {
            if (role.text.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a role; use sso-server or master-secret-server");
    }
}
