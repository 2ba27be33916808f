package org.entsso.cluster.resource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.entsso.cluster.InvalidClusterConfigurationException;

/**
 * A resource's common properties with WSFC's defaults (anchors/wsfc.md §1.4, §2.1). A {@code null} poll interval
 * means "use the resource type's". Immutable and thread-safe.
 *
 * @param looksAlivePollInterval quick health check interval, or null to inherit the type's (5 s by default)
 * @param isAlivePollInterval full health check interval, or null to inherit the type's (60 s by default)
 * @param pendingTimeout longest gap between pending reports before the resource is terminated (180 s)
 * @param deadlockTimeout longest time any single call into the resource may take (300 s)
 * @param restartAction what happens when the resource fails (RestartNotify)
 * @param restartThreshold restarts allowed within {@code restartPeriod} (3)
 * @param restartPeriod sliding window for the restart threshold (15 min)
 * @param restartDelay delay before restarting a failed resource (500 ms)
 * @param retryPeriodOnFailure how long a resource stays Failed before the cluster retries it (1 h); null = never
 */
public record ResourceProperties(
        Duration looksAlivePollInterval,
        Duration isAlivePollInterval,
        Duration pendingTimeout,
        Duration deadlockTimeout,
        RestartAction restartAction,
        int restartThreshold,
        Duration restartPeriod,
        Duration restartDelay,
        Duration retryPeriodOnFailure) {

    /** WSFC's defaults. */
    public static final ResourceProperties DEFAULTS = new ResourceProperties(
            null,
            null,
            Duration.ofMinutes(3),
            Duration.ofMinutes(5),
            RestartAction.RestartNotify,
            3,
            Duration.ofMinutes(15),
            Duration.ofMillis(500),
            Duration.ofHours(1));

    public ResourceProperties {
        Objects.requireNonNull(pendingTimeout, "pendingTimeout");
        Objects.requireNonNull(deadlockTimeout, "deadlockTimeout");
        Objects.requireNonNull(restartAction, "restartAction");
        Objects.requireNonNull(restartPeriod, "restartPeriod");
        Objects.requireNonNull(restartDelay, "restartDelay");
        if (restartThreshold < 0) {
            throw new InvalidClusterConfigurationException(
                    "RestartThreshold must be 0 or more, not " + restartThreshold);
        }
        requirePositive("PendingTimeout", pendingTimeout);
        requirePositive("DeadlockTimeout", deadlockTimeout);
        if (retryPeriodOnFailure != null && retryPeriodOnFailure.compareTo(restartPeriod) < 0) {
            // WSFC: "RetryPeriodOnFailure must be greater than or equal to RestartPeriod"
            // (MSCS/resources-retryperiodonfailure).
            throw new InvalidClusterConfigurationException("RetryPeriodOnFailure ("
                    + PropertyValues.format(retryPeriodOnFailure) + ") must be at least RestartPeriod ("
                    + PropertyValues.format(restartPeriod) + ")");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new InvalidClusterConfigurationException(name + " must be positive");
        }
    }

    /** The effective pending timeout: WSFC uses min(PendingTimeout, DeadlockTimeout). */
    public Duration effectivePendingTimeout() {
        return pendingTimeout.compareTo(deadlockTimeout) <= 0 ? pendingTimeout : deadlockTimeout;
    }

    /** The properties by their WSFC names, values as {@code Get-ClusterResource | fl *} would show them (ms). */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("LooksAlivePollInterval", PropertyValues.formatOrInherit(looksAlivePollInterval));
        map.put("IsAlivePollInterval", PropertyValues.formatOrInherit(isAlivePollInterval));
        map.put("PendingTimeout", PropertyValues.format(pendingTimeout));
        map.put("DeadlockTimeout", PropertyValues.format(deadlockTimeout));
        map.put("RestartAction", restartAction.name());
        map.put("RestartThreshold", String.valueOf(restartThreshold));
        map.put("RestartPeriod", PropertyValues.format(restartPeriod));
        map.put("RestartDelay", PropertyValues.format(restartDelay));
        map.put("RetryPeriodOnFailure", PropertyValues.formatOrInherit(retryPeriodOnFailure));
        return map;
    }

    /**
     * A copy with one property changed, by its WSFC name (case-insensitive). Durations take milliseconds or a suffixed
     * value ({@code 500ms}, {@code 5s}, {@code 15m}, {@code 1h}); {@code 4294967295} or {@code -1} means inherit/never.
     *
     * @throws InvalidClusterConfigurationException for an unknown name or a bad value
     */
    public ResourceProperties with(String name, String value) {
        Fields f = new Fields(this);
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "looksalivepollinterval" -> f.looksAlive = PropertyValues.parseOrInherit(name, value);
            case "isalivepollinterval" -> f.isAlive = PropertyValues.parseOrInherit(name, value);
            case "pendingtimeout" -> f.pending = PropertyValues.parse(name, value);
            case "deadlocktimeout" -> f.deadlock = PropertyValues.parse(name, value);
            case "restartaction" -> f.action = PropertyValues.parseRestartAction(value);
            case "restartthreshold" -> f.threshold = PropertyValues.parseInt(name, value);
            case "restartperiod" -> f.period = PropertyValues.parse(name, value);
            case "restartdelay" -> f.delay = PropertyValues.parseNonNegative(name, value);
            case "retryperiodonfailure" -> f.retry = PropertyValues.parseOrInherit(name, value);
            default ->
                throw new InvalidClusterConfigurationException("'" + name + "' is not a resource property; known: "
                        + String.join(", ", DEFAULTS.asMap().keySet()));
        }
        return f.build();
    }

    /** The fields of a copy under construction. */
    private static final class Fields {
        Duration looksAlive;
        Duration isAlive;
        Duration pending;
        Duration deadlock;
        RestartAction action;
        int threshold;
        Duration period;
        Duration delay;
        Duration retry;

        Fields(ResourceProperties p) {
            looksAlive = p.looksAlivePollInterval;
            isAlive = p.isAlivePollInterval;
            pending = p.pendingTimeout;
            deadlock = p.deadlockTimeout;
            action = p.restartAction;
            threshold = p.restartThreshold;
            period = p.restartPeriod;
            delay = p.restartDelay;
            retry = p.retryPeriodOnFailure;
        }

        ResourceProperties build() {
            return new ResourceProperties(
                    looksAlive, isAlive, pending, deadlock, action, threshold, period, delay, retry);
        }
    }
}
