package org.entsso.cluster.group;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.resource.PropertyValues;

/**
 * A group's common properties with WSFC's defaults (anchors/wsfc.md §2.2, §2.4). Immutable.
 *
 * @param failoverThreshold most failovers within {@code failoverPeriodHours}; -1 (WSFC 0xFFFFFFFF) = nodes - 1
 * @param failoverPeriodHours the failover window in hours (6; 1..1193)
 * @param autoFailbackType whether the group returns to its most preferred owner
 * @param failbackWindowStart first hour (0-23) of the failback window, or -1 for none
 * @param failbackWindowEnd last hour (0-23) of the failback window, or -1 for none
 * @param antiAffinityClassNames groups sharing a class are kept on different nodes
 */
public record GroupProperties(
        int failoverThreshold,
        int failoverPeriodHours,
        AutoFailbackType autoFailbackType,
        int failbackWindowStart,
        int failbackWindowEnd,
        List<String> antiAffinityClassNames) {

    /** WSFC's defaults. */
    public static final GroupProperties DEFAULTS =
            new GroupProperties(-1, 6, AutoFailbackType.PreventFailback, -1, -1, List.of());

    public GroupProperties {
        Objects.requireNonNull(autoFailbackType, "autoFailbackType");
        antiAffinityClassNames = antiAffinityClassNames == null ? List.of() : List.copyOf(antiAffinityClassNames);
        if (failoverThreshold < -1) {
            throw new InvalidClusterConfigurationException(
                    "FailoverThreshold must be 0 or more (or 4294967295 for nodes - 1), not " + failoverThreshold);
        }
        if (failoverPeriodHours < 1 || failoverPeriodHours > 1193) {
            throw new InvalidClusterConfigurationException(
                    "FailoverPeriod must be 1 to 1193 hours, not " + failoverPeriodHours);
        }
        checkHour("FailbackWindowStart", failbackWindowStart);
        checkHour("FailbackWindowEnd", failbackWindowEnd);
    }

    private static void checkHour(String name, int hour) {
        if (hour < -1 || hour > 23) {
            throw new InvalidClusterConfigurationException(
                    name + " must be an hour 0-23 or -1 (no window), not " + hour);
        }
    }

    /** The effective failover threshold for a cluster of {@code nodeCount} nodes. */
    public int effectiveFailoverThreshold(int nodeCount) {
        return failoverThreshold == -1 ? Math.max(nodeCount - 1, 0) : failoverThreshold;
    }

    /** Whether a failback window is configured (both ends set). */
    public boolean hasFailbackWindow() {
        return failbackWindowStart >= 0 && failbackWindowEnd >= 0;
    }

    /** Whether {@code hour} (0-23, cluster time) falls inside the failback window; true when there is no window. */
    public boolean inFailbackWindow(int hour) {
        if (!hasFailbackWindow()) {
            return true;
        }
        if (failbackWindowStart <= failbackWindowEnd) {
            return hour >= failbackWindowStart && hour <= failbackWindowEnd;
        }
        return hour >= failbackWindowStart || hour <= failbackWindowEnd; // the window wraps past midnight
    }

    /** The properties by their WSFC names, as {@code Get-ClusterGroup | fl *} shows them. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(
                "FailoverThreshold",
                failoverThreshold == -1 ? PropertyValues.INHERIT : String.valueOf(failoverThreshold));
        map.put("FailoverPeriod", String.valueOf(failoverPeriodHours));
        map.put("AutoFailbackType", autoFailbackType == AutoFailbackType.AllowFailback ? "1" : "0");
        map.put("FailbackWindowStart", String.valueOf(failbackWindowStart));
        map.put("FailbackWindowEnd", String.valueOf(failbackWindowEnd));
        map.put("AntiAffinityClassNames", String.join(",", antiAffinityClassNames));
        return map;
    }

    /**
     * A copy with one property changed, by its WSFC name (case-insensitive).
     *
     * @throws InvalidClusterConfigurationException for an unknown name or a bad value
     */
    public GroupProperties with(String name, String value) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "failoverthreshold" ->
                new GroupProperties(
                        parseThreshold(value),
                        failoverPeriodHours,
                        autoFailbackType,
                        failbackWindowStart,
                        failbackWindowEnd,
                        antiAffinityClassNames);
            case "failoverperiod" ->
                new GroupProperties(
                        failoverThreshold,
                        PropertyValues.parseInt(name, value),
                        autoFailbackType,
                        failbackWindowStart,
                        failbackWindowEnd,
                        antiAffinityClassNames);
            case "autofailbacktype" ->
                new GroupProperties(
                        failoverThreshold,
                        failoverPeriodHours,
                        parseFailback(value),
                        failbackWindowStart,
                        failbackWindowEnd,
                        antiAffinityClassNames);
            case "failbackwindowstart" ->
                new GroupProperties(
                        failoverThreshold,
                        failoverPeriodHours,
                        autoFailbackType,
                        PropertyValues.parseInt(name, value),
                        failbackWindowEnd,
                        antiAffinityClassNames);
            case "failbackwindowend" ->
                new GroupProperties(
                        failoverThreshold,
                        failoverPeriodHours,
                        autoFailbackType,
                        failbackWindowStart,
                        PropertyValues.parseInt(name, value),
                        antiAffinityClassNames);
            case "antiaffinityclassnames" ->
                new GroupProperties(
                        failoverThreshold,
                        failoverPeriodHours,
                        autoFailbackType,
                        failbackWindowStart,
                        failbackWindowEnd,
                        value.isBlank() ? List.of() : List.of(value.split("\\s*,\\s*")));
            default ->
                throw new InvalidClusterConfigurationException("'" + name + "' is not a group property; known: "
                        + String.join(", ", DEFAULTS.asMap().keySet()));
        };
    }

    private static int parseThreshold(String value) {
        String v = value.trim();
        if (v.equals(PropertyValues.INHERIT) || v.equals("-1")) {
            return -1;
        }
        return PropertyValues.parseInt("FailoverThreshold", v);
    }

    private static AutoFailbackType parseFailback(String value) {
        try {
            return AutoFailbackType.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidClusterConfigurationException(e.getMessage());
        }
    }
}
