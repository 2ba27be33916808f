package org.entsso.cluster.internal.node;

import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.events.Component;
import org.entsso.cluster.events.EventId;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.internal.log.ClusterLog;
import org.entsso.cluster.internal.rhs.ResourceMonitor;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Records;

/**
 * Reads group definitions from their znode data, one group at a time, so a malformed definition costs only its own
 * group (issue 9 item 5: one bad spec used to abort the whole refresh, silently, on every tick, and every later group
 * was never reconciled). Each distinct bad version is logged once, with the group and the cause; every refused read
 * is counted. Thread-safe.
 */
final class GroupSpecReader {
    private final ClusterLog log;
    /** The last bad data logged per group, so a bad spec is reported once, not on every policy tick. */
    private final Map<String, byte[]> reported = new ConcurrentHashMap<>();

    private final AtomicLong refused = new AtomicLong();

    GroupSpecReader(ClusterLog log) {
        this.log = log;
    }

    /** The group defined by {@code data}, or empty (logged once, counted) when it cannot be read. */
    Optional<GroupSpec> read(String group, byte[] data) {
        try {
            GroupSpec spec = Json.read(data, Records.GroupSpecJson.class).toSpec();
            reported.remove(group);
            return Optional.of(spec);
        } catch (UncheckedIOException | ClusterException | IllegalArgumentException e) {
            refused.incrementAndGet();
            byte[] previous = reported.put(group, data);
            if (previous == null || !Arrays.equals(previous, data)) {
                log.event(
                        "ERR",
                        Component.RCM,
                        EventId.INFO,
                        "GROUP_SPEC_UNREADABLE",
                        group,
                        null,
                        0,
                        "The definition of group '" + group + "' cannot be read (" + ResourceMonitor.messageOf(e)
                                + "); the group keeps its current state until the definition is corrected.");
            }
            return Optional.empty();
        }
    }

    /** How many definition reads were refused since the node started (each tick re-reads a bad one). */
    long refusedReads() {
        return refused.get();
    }
}
