package org.entsso.cluster.group;

/** WSFC {@code CLUSTER_GROUP_AUTOFAILBACK_TYPE}: whether a group returns to its most preferred owner. */
public enum AutoFailbackType {
    /** 0 (default): never fail back automatically. */
    PreventFailback,
    /** 1: fail back to the most preferred owner, within the failback window if one is set. */
    AllowFailback;

    /** Parses {@code 0}/{@code 1} or a name. */
    public static AutoFailbackType parse(String text) {
        String t = text.trim();
        if (t.equals("0")
                || t.equalsIgnoreCase("PreventFailback")
                || t.equalsIgnoreCase("ClusterGroupPreventFailback")) {
            return PreventFailback;
        }
        if (t.equals("1") || t.equalsIgnoreCase("AllowFailback") || t.equalsIgnoreCase("ClusterGroupAllowFailback")) {
            return AllowFailback;
        }
        throw new IllegalArgumentException(
                "AutoFailbackType must be 0 (PreventFailback) or 1 (AllowFailback), not '" + text + "'");
    }
}
