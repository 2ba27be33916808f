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
            long minutes;
            try {
                minutes = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw notMinutes(value);
            }
            if (minutes <= 0) {
                throw notMinutes(value);
            }
            return Duration.ofMinutes(minutes);
        }

        private static TypeConversionException notMinutes(String value) {
            return new TypeConversionException("'" + value + "' is not a positive number of minutes");
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
            // too many digits for a long, or out of range: the same answer as any other bad wait
            throw notAWait(value, expected);
        }
        throw notAWait(value, expected);
    }

    private static TypeConversionException notAWait(String value, String expected) {
        return new TypeConversionException("'" + value + "' is not a wait in " + expected);
    }
}
