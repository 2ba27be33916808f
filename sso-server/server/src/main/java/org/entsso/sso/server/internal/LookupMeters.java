package org.entsso.sso.server.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/**
 * The lookup path's meter (sso-server/docs/metrics.md): {@code entsso.lookups}, a timer with a percentile histogram
 * tagged by {@code kind} ({@code credentials}, {@code config}) and {@code outcome}, one of a small fixed set. Never
 * tagged by application, account or caller. {@link #NONE} records nothing. Thread-safe.
 */
public class LookupMeters {
    /** Records nothing. */
    public static final LookupMeters NONE = new LookupMeters();

    /** What a lookup is for. */
    public enum Kind {
        CREDENTIALS,
        CONFIG
    }

    private LookupMeters() {}

    /** Meters on {@code registry}. */
    public static LookupMeters on(MeterRegistry registry) {
        return new Registered(Objects.requireNonNull(registry, "registry"));
    }

    /** A lookup of {@code kind} that took {@code nanos}; {@code failure} is null when it answered values. */
    public void record(Kind kind, RuntimeException failure, long nanos) {}

    /**
     * The outcome tag of a lookup: {@code found}, {@code not_found} (10756, 10757), {@code disabled} (10755, 10764, 10754),
     * {@code denied} (11042), {@code no_secret} (10532, 10783), {@code database_unavailable} (10515),
     * {@code offline} (10590) or {@code error} (anything else).
     */
    static String outcome(RuntimeException failure) {
        if (failure == null) {
            return "found";
        }
        if (!(failure instanceof SsoException sso)) {
            return "error";
        }
        return outcome(sso.error());
    }

    private static String outcome(SsoError error) {
        return switch (error) {
            case NOT_FOUND, APPLICATION_NOT_FOUND, MAPPING_NOT_FOUND, NO_MAPPING -> "not_found";
            case APPLICATION_DISABLED, MAPPING_DISABLED, SSO_DISABLED -> "disabled";
            case ACCESS_DENIED, NOT_SSO_ADMINISTRATOR -> "denied";
            case SECRET_SERVER_UNAVAILABLE, SECRET_NOT_AVAILABLE -> "no_secret";
            case DATABASE_UNAVAILABLE -> "database_unavailable";
            case GOING_OFFLINE -> "offline";
            default -> "error";
        };
    }

    private static final class Registered extends LookupMeters {
        private final MeterRegistry registry;
        private final Map<String, Timer> timers = new ConcurrentHashMap<>();

        Registered(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void record(Kind kind, RuntimeException failure, long nanos) {
            String outcome = outcome(failure);
            timers.computeIfAbsent(kind.name() + ' ' + outcome, k -> timer(kind, outcome))
                    .record(nanos, TimeUnit.NANOSECONDS);
        }

        private Timer timer(Kind kind, String outcome) {
            return Timer.builder("entsso.lookups")
                    .description(
                            "Lookups on this SSO server by kind and outcome, from the call to the values decrypted")
                    .tags("kind", kind.name().toLowerCase(Locale.ROOT), "outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(20_000))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry);
        }
    }
}
