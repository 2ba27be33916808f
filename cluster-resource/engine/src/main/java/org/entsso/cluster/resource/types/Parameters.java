package org.entsso.cluster.resource.types;

import java.time.Duration;
import java.util.Optional;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.resource.PropertyValues;
import org.entsso.cluster.resource.ResourceContext;

/**
 * Reads a resource's private properties ({@code Get-ClusterParameter}) at Online, so that a value changed with
 * {@code Set-ClusterParameter} takes effect at the next Online, as in WSFC. Stateless.
 */
final class Parameters {
    private final ResourceContext context;
    private final String typeName;

    Parameters(ResourceContext context, String typeName) {
        this.context = context;
        this.typeName = typeName;
    }

    /** The value, or an error naming the resource and the property when it is missing or blank. */
    String required(String name) {
        return optional(name)
                .orElseThrow(() -> new InvalidClusterConfigurationException(typeName + " resource '"
                        + context.resourceName() + "' needs the private property " + name
                        + " (set it with Set-ClusterParameter)"));
    }

    /** The value, when present and not blank. */
    Optional<String> optional(String name) {
        String value = context.parameters().get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** A non-negative duration ({@code 500}, {@code 500ms}, {@code 10s}, ...), or the default. */
    Duration duration(String name, Duration defaultValue) {
        return optional(name)
                .map(value -> PropertyValues.parseNonNegative(name, value))
                .orElse(defaultValue);
    }

    /** A whole number within [min, max], or the default. */
    int integer(String name, int defaultValue, int min, int max) {
        if (optional(name).isEmpty()) {
            return defaultValue;
        }
        int value = PropertyValues.parseInt(name, optional(name).get());
        if (value < min || value > max) {
            throw new InvalidClusterConfigurationException(
                    name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }
}
