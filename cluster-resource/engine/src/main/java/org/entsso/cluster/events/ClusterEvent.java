package org.entsso.cluster.events;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One line of the cluster log: written by the node that observed it, readable cluster-wide. Groups, resources and
 * epochs are null when not applicable.
 *
 * @param time when the node observed it (wall clock, microsecond precision)
 * @param node the node that wrote the line
 * @param level INFO, WARN or ERR
 * @param component WSFC component tag
 * @param eventId WSFC event id
 * @param kind a stable machine-readable kind (e.g. {@code GROUP_ONLINE}, {@code RESOURCE_STATE})
 * @param group the group concerned
 * @param resource the resource concerned
 * @param epoch the ownership epoch the node held when it wrote the line, or 0
 * @param message the human-readable line
 */
public record ClusterEvent(
        Instant time,
        String node,
        String level,
        Component component,
        int eventId,
        String kind,
        String group,
        String resource,
        long epoch,
        String message) {

    /** The line as Cluster.log prints it: {@code time node level [COMPONENT] message}, the time in GMT. */
    public String format() {
        String id = eventId == 0 ? "" : " (" + eventId + ")";
        return time + " " + node + " " + String.format("%-4s", level) + " [" + component + "] " + message + id;
    }

    /**
     * The line with the time in {@code zone} ({@code Get-ClusterLog -UseLocalTime}), e.g.
     * {@code 2026-01-01T09:00:00+09:00} (seconds always printed, fractions when there are any); in UTC exactly as
     * {@link #format()}.
     */
    public String format(ZoneId zone) {
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return format();
        }
        String id = eventId == 0 ? "" : " (" + eventId + ")";
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.atZone(zone)) + " " + node + " "
                + String.format("%-4s", level) + " [" + component + "] " + message + id;
    }
}
