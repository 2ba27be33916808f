package org.entsso.cluster.resource;

import java.time.Duration;
import java.util.Locale;
import org.entsso.cluster.InvalidClusterConfigurationException;

/** Parsing and printing of property values the way WSFC shows them (milliseconds, 4294967295 = inherit/never). */
public final class PropertyValues {
    /** WSFC's 0xFFFFFFFF: "inherit from the type" for poll intervals, "never" for RetryPeriodOnFailure. */
    public static final String INHERIT = "4294967295";

    private PropertyValues() {}

    /** Milliseconds, as WSFC prints durations. */
    public static String format(Duration value) {
        return String.valueOf(value.toMillis());
    }

    /** Milliseconds, or {@link #INHERIT} for null. */
    public static String formatOrInherit(Duration value) {
        return value == null ? INHERIT : format(value);
    }

    /**
     * Parses {@code 500}, {@code 500ms}, {@code 5s}, {@code 15m}, {@code 6h} or an ISO-8601 duration.
     *
     * @throws InvalidClusterConfigurationException naming the property when the value is not a positive duration
     */
    public static Duration parse(String name, String value) {
        Duration duration = parseRaw(name, value);
        if (duration.isZero() || duration.isNegative()) {
            throw new InvalidClusterConfigurationException(name + " must be a positive duration, not '" + value + "'");
        }
        return duration;
    }

    /** Like {@link #parse} but accepts zero. */
    public static Duration parseNonNegative(String name, String value) {
        Duration duration = parseRaw(name, value);
        if (duration.isNegative()) {
            throw new InvalidClusterConfigurationException(name + " must not be negative, not '" + value + "'");
        }
        return duration;
    }

    /** Like {@link #parse}, with {@code 4294967295}, {@code -1} or {@code inherit} meaning null. */
    public static Duration parseOrInherit(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidClusterConfigurationException(name + " needs a value");
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals(INHERIT) || v.equals("-1") || v.equals("inherit") || v.equals("never")) {
            return null;
        }
        return parse(name, value);
    }

    /** An integer property. */
    public static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidClusterConfigurationException(name + " must be a whole number, not '" + value + "'");
        }
    }

    static RestartAction parseRestartAction(String value) {
        try {
            return RestartAction.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidClusterConfigurationException(e.getMessage());
        }
    }

    private static Duration parseRaw(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidClusterConfigurationException(name + " needs a value");
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p") || v.startsWith("-p")) {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(
                        Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            char unit = v.charAt(v.length() - 1);
            String number = v.substring(0, v.length() - 1).trim();
            return switch (unit) {
                case 's' -> Duration.ofMillis(Math.round(Double.parseDouble(number) * 1000));
                case 'm' -> Duration.ofSeconds(Math.round(Double.parseDouble(number) * 60));
                case 'h' -> Duration.ofSeconds(Math.round(Double.parseDouble(number) * 3600));
                default -> Duration.ofMillis(Long.parseLong(v));
            };
        } catch (RuntimeException e) {
            throw new InvalidClusterConfigurationException(
                    name + " must be a duration such as 500, 500ms, 5s, 15m or 6h, not '" + value + "'", e);
        }
    }
}
