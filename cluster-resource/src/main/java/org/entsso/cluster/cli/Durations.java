package org.entsso.cluster.cli;

import java.time.Duration;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.resource.PropertyValues;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Command-line values for waits and time spans. */
final class Durations {
    private Durations() {}

    /**
     * {@code --wait}: whole seconds as the cmdlets take them ({@code -Wait 20}), or a suffixed duration ({@code 500ms},
     * {@code 2m}); zero returns at once.
     */
    static final class WaitConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parseSeconds(value, "seconds such as 20 (or 500ms, 2m)");
        }
    }

    /** {@code --timespan}: whole minutes, as {@code Get-ClusterLog -TimeSpan} takes them. */
    static final class MinutesConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                long minutes = Long.parseLong(value.trim());
                if (minutes > 0) {
                    return Duration.ofMinutes(minutes);
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new TypeConversionException("'" + value + "' is not a positive number of minutes");
        }
    }

    static Duration parseSeconds(String value, String expected) {
        String v = value.trim();
        try {
            if (v.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            if (v.matches("\\d+(\\.\\d+)?(ms|s|m|h)")) {
                return PropertyValues.parseNonNegative("wait", v);
            }
        } catch (NumberFormatException | InvalidClusterConfigurationException e) {
            // fall through to the message below
        }
        throw new TypeConversionException("'" + value + "' is not a wait in " + expected);
    }
}
