package org.entsso.cluster.resource;

/** What the cluster does when a resource fails (WSFC {@code CLUSTER_RESOURCE_RESTART_ACTION}). */
public enum RestartAction {
    /** 0: leave the resource Failed. */
    DontRestart(0),
    /** 1: restart; once past the threshold, leave the group where it is. */
    RestartNoNotify(1),
    /** 2 (default): restart; once past the threshold, fail the group over. */
    RestartNotify(2);

    private final int code;

    RestartAction(int code) {
        this.code = code;
    }

    /** The WSFC numeric value. */
    public int code() {
        return code;
    }

    /** Parses a name ({@code RestartNotify}) or a WSFC number ({@code 2}). */
    public static RestartAction parse(String text) {
        for (RestartAction action : values()) {
            if (action.name().equalsIgnoreCase(text.trim())
                    || String.valueOf(action.code).equals(text.trim())) {
                return action;
            }
        }
        throw new IllegalArgumentException(
                "RestartAction must be 0 (DontRestart), 1 (RestartNoNotify) or 2 (RestartNotify), not '" + text + "'");
    }
}
