package org.entsso.sso.mss;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.entsso.sso.SsoException;

/**
 * The master secret server's meters (sso-server/docs/metrics.md), one set per node that may own the group, kept across
 * its ownership terms: forwarded writes by operation and outcome with their latency, fenced refusals, and background
 * re-encryption's rows done and rows left. Tags are operations and outcomes from small fixed sets: never an
 * application, account, caller or value. Thread-safe.
 */
final class MssMeters {
    /** What the master secret server did that its epoch fences. */
    enum Operation {
        SET_CREDENTIALS,
        SET_CONFIG_INFO,
        REENCRYPTION;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Timer> writes = new ConcurrentHashMap<>();
    private final Map<Operation, Counter> fenced = new ConcurrentHashMap<>();
    private final Counter reencrypted;
    private final AtomicLong remaining = new AtomicLong();

    MssMeters(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.reencrypted = Counter.builder("entsso.reencryption.rows")
                .description("Values this node re-encrypted under the current master secret (rate() gives rows/s)")
                .register(registry);
        Gauge.builder("entsso.reencryption.remaining", remaining, AtomicLong::get)
                .description("Values still under the previous master secret, as this node's running re-encryption"
                        + " last counted them; 0 while none runs here")
                .strongReference(true) // kept while the registry is, even after this node's type is gone
                .register(registry);
        for (Operation o : Operation.values()) {
            fenced.put(o, fencedCounter(o));
        }
    }

    /** The node's registry, for the master secret server's HTTPS meters ({@code server="mss"}). */
    MeterRegistry registry() {
        return registry;
    }

    private Counter fencedCounter(Operation operation) {
        return Counter.builder("entsso.mss.fenced.refusals")
                .description("Work refused by the database because this node's epoch is no longer the current one")
                .tag("operation", operation.tag())
                .register(registry);
    }

    /** A write applied now. */
    static final String APPLIED = "applied";

    /** A write whose request id had been applied before: answered as done, nothing applied now. */
    static final String REPLAYED = "replayed";

    /** A write refused by the fence. */
    static final String FENCED = "fenced";

    /** A write that failed in a way no other outcome names. */
    static final String ERROR = "error";

    /** A forwarded write of {@code operation} answered with {@code outcome} after {@code nanos}. */
    void write(Operation operation, String outcome, long nanos) {
        if (FENCED.equals(outcome)) {
            fenced(operation);
        }
        writes.computeIfAbsent(operation.tag() + ' ' + outcome, k -> writeTimer(operation, outcome))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer writeTimer(Operation operation, String outcome) {
        return Timer.builder("entsso.mss.writes")
                .description("Encrypting writes forwarded to this master secret server, by operation and outcome")
                .tags("operation", operation.tag(), "outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /**
     * The outcome tag of a failed write: {@code fenced} (15004), {@code no_secret} (10783, 10532), {@code
     * database_unavailable} (10515), {@code refused} (the caller's fault: bad input, no right, no such object) or
     * {@code error}.
     */
    static String outcome(RuntimeException failure) {
        if (!(failure instanceof SsoException sso)) {
            return ERROR;
        }
        return switch (sso.error()) {
            case FENCED -> FENCED;
            case SECRET_NOT_AVAILABLE, SECRET_SERVER_UNAVAILABLE -> "no_secret";
            case DATABASE_UNAVAILABLE, GOING_OFFLINE -> "database_unavailable";
            case INVALID_ARGUMENT,
                    ACCESS_DENIED,
                    NOT_SSO_ADMINISTRATOR,
                    NOT_FOUND,
                    APPLICATION_NOT_FOUND,
                    MAPPING_NOT_FOUND,
                    NO_MAPPING,
                    APPLICATION_DISABLED,
                    MAPPING_DISABLED,
                    WRONG_APPLICATION_TYPE,
                    ALREADY_EXISTS,
                    CONCURRENT_UPDATE -> "refused";
            default -> ERROR;
        };
    }

    /** The database refused {@code operation}'s work because this node's term is over. */
    void fenced(Operation operation) {
        fenced.get(operation).increment();
    }

    /** A re-encryption batch committed {@code rows} re-encrypted values. */
    void reencrypted(long rows) {
        reencrypted.increment(rows);
        remaining.getAndUpdate(r -> Math.max(0, r - rows));
    }

    /** Re-encryption counted {@code rows} values left (0: none runs here now). */
    void remaining(long rows) {
        remaining.set(rows);
    }
}
