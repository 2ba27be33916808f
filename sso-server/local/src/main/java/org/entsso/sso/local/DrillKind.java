package org.entsso.sso.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The faults a drill can inject (issue 14 item 2). Those marked {@link #production()} are what an operator may run on
 * a production cluster (no process is harmed: the cluster's own verbs); the others need the local cluster's processes.
 */
public enum DrillKind {
    KILL("kill", "SIGKILL of the active node", false),
    STOP("stop", "SIGSTOP of the active node past the session timeout, then SIGCONT", false),
    TERM("term", "SIGTERM of the active node (it leaves the cluster cleanly)", false),
    MOVE("move", "planned move of the ENTSSO group to another node", true),
    FAIL_RESOURCE("fail-resource", "Test-ClusterResourceFailure on the Master Secret Service", true),
    DRAIN("drain", "drain of the active node (Suspend-ClusterNode -Drain), then resume", true),
    ZK_LEADER("zk-leader", "SIGKILL of the ZooKeeper leader, then restart", false),
    ZK_QUORUM("zk-quorum", "ZooKeeper quorum lost (two of three servers stopped), then restored", false),
    DB_OUTAGE("db-outage", "the database server stopped, then restarted", false),
    ROTATE("rotate", "a new master secret generated under load (ssoconfig -generatesecret)", true),
    ROLLING("rolling", "rolling restart of every node (SIGTERM, start, wait until it serves)", false);

    private final String id;
    private final String description;
    private final boolean production;

    DrillKind(String id, String description, boolean production) {
        this.id = id;
        this.description = description;
        this.production = production;
    }

    /** The name on the command line and in the report. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** Whether an operator may run it against a production cluster (no process killed, nothing stopped). */
    public boolean production() {
        return production;
    }

    /** The kinds named in {@code list} (comma-separated ids, or {@code all}), in the order given. */
    public static List<DrillKind> parse(String list) {
        List<DrillKind> kinds = new ArrayList<>();
        for (String part : list.split(",")) {
            String id = part.trim().toLowerCase(Locale.ROOT);
            if (id.isEmpty()) {
                continue;
            }
            if (id.equals("all")) {
                kinds.addAll(Arrays.asList(values()));
                continue;
            }
            kinds.add(Arrays.stream(values())
                    .filter(k -> k.id.equals(id))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown drill kind '" + part.trim() + "'; known: " + ids(List.of(values())))));
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no drill kind given; known: " + ids(List.of(values())));
        }
        return kinds;
    }

    /** The ids of {@code kinds}, comma-separated. */
    public static String ids(List<DrillKind> kinds) {
        return String.join(",", kinds.stream().map(DrillKind::id).toList());
    }
}
