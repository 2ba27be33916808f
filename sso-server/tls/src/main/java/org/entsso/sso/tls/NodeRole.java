package org.entsso.sso.tls;

/**
 * What a node certificate lets its holder act as (DESIGN.md decisions 6 and 11). A role is written into the
 * certificate subject as an {@code OU} attribute carrying its {@link #label()}, next to {@code OU=node}.
 */
public enum NodeRole {
    /** Serves lookups and fetches the keyring from the master secret server. */
    SSO_SERVER("sso-server"),
    /** May own the ENTSSO cluster group and run the Master Secret Service. */
    MASTER_SECRET_SERVER("master-secret-server");

    private final String label;

    NodeRole(String label) {
        this.label = label;
    }

    /** The {@code OU} value in certificates, also the name used in node.properties ({@code node.roles}). */
    public String label() {
        return label;
    }

    /** Parses {@code sso-server} or {@code master-secret-server} (any case, surrounding blanks ignored). */
    public static NodeRole parse(String value) {
        for (NodeRole role : values()) {
            if (role.label.equals(value.trim().toLowerCase(java.util.Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a role; use sso-server or master-secret-server");
    }
}
