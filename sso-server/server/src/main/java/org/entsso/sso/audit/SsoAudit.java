package org.entsso.sso.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.RollingFileAppender;
import org.apache.logging.log4j.core.appender.rolling.DefaultRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/**
 * The SSO AUDIT log: one JSON object per line ({@link AuditRecord}'s fields) in a rolling file of its own, written
 * through the Log4j logger {@value #LOGGER} of a logger context that belongs to the audit alone, so that neither the
 * node's logging configuration nor its reloads can route audit records elsewhere or drop them. The appender is a
 * {@code RollingFileAppender} with {@code ignoreExceptions=false} and immediate flush: a record that cannot be written
 * (disk full, file removed, permissions) is reported to the caller of {@link #write}, never swallowed.
 *
 * <p>Fail-closed ({@code failClosed}): a record that cannot be written makes {@link #write} throw 10500
 * (AUDIT_FAILED), and the API refuses the operation with it; otherwise the failure is counted and logged on the
 * node's log (without the record's content) and the operation goes on. {@link #none()} writes nothing, for
 * in-process servers and tests that do not audit.
 *
 * <p>Thread-safe. {@link #close()} stops the logger context; idempotent.
 */
public final class SsoAudit implements Closeable {
    /** The logger's name, ENTSSO's event source text. */
    public static final String LOGGER = "SSO AUDIT";

    /** The size at which the file rolls over; ten older files are kept, gzipped. */
    public static final String ROLL_SIZE = "50 MB";

    private static final Logger LOG = LogManager.getLogger(SsoAudit.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final SsoAudit NONE = new SsoAudit(null, null, false, null);

    private final LoggerContext context;
    private final org.apache.logging.log4j.core.Logger logger;
    private final boolean failClosed;
    private final Path file;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SsoAudit(
            LoggerContext context, org.apache.logging.log4j.core.Logger logger, boolean failClosed, Path file) {
        this.context = context;
        this.logger = logger;
        this.failClosed = failClosed;
        this.file = file;
    }

    /** An audit that writes nothing (audit levels are still honoured by the caller, but nothing is kept). */
    public static SsoAudit none() {
        return NONE;
    }

    /**
     * The SSO AUDIT log in {@code file} (created with its folder if missing), rolling at {@link #ROLL_SIZE}.
     *
     * @param failClosed refuse an operation whose record cannot be written (10500) instead of going on
     */
    public static SsoAudit toFile(Path file, boolean failClosed) {
        Path absolute = file.toAbsolutePath();
        LoggerContext context = new LoggerContext("entsso-audit-" + absolute);
        Configuration config = new DefaultConfiguration();
        RollingFileAppender appender = RollingFileAppender.newBuilder()
                .setName(LOGGER)
                .withFileName(absolute.toString())
                .withFilePattern(absolute + ".%i.gz")
                .withPolicy(SizeBasedTriggeringPolicy.createPolicy(ROLL_SIZE))
                .withStrategy(DefaultRolloverStrategy.newBuilder()
                        .withMax("10")
                        .withConfig(config)
                        .build())
                .setLayout(PatternLayout.newBuilder()
                        .withPattern("%m%n")
                        .withConfiguration(config)
                        .build())
                .setIgnoreExceptions(false)
                .withImmediateFlush(true)
                .withCreateOnDemand(false)
                .setConfiguration(config)
                .build();
        if (appender == null) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT, "The audit file " + absolute + " cannot be opened for writing.");
        }
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        root.getAppenders().keySet().forEach(root::removeAppender);
        root.setLevel(Level.INFO);
        root.setAdditive(false);
        root.addAppender(appender, Level.INFO, null);
        LoggerConfig audit = LoggerConfig.newBuilder()
                .withLoggerName(LOGGER)
                .withLevel(Level.INFO)
                .withAdditivity(false)
                .withRefs(new AppenderRef[] {AppenderRef.createAppenderRef(LOGGER, null, null)})
                .withConfig(config)
                .build();
        audit.addAppender(appender, Level.INFO, null);
        config.addLogger(LOGGER, audit);
        context.start(config);
        LOG.info("SSO AUDIT records go to {} (fail-closed {})", absolute, failClosed);
        return new SsoAudit(context, context.getLogger(LOGGER), failClosed, absolute);
    }

    /** Whether an operation whose record cannot be written is refused. */
    public boolean failClosed() {
        return failClosed;
    }

    /** Records that could not be written since start. */
    public long failures() {
        return failures.get();
    }

    /** Records written since start. */
    public long written() {
        return written.get();
    }

    /**
     * Writes {@code record}.
     *
     * @throws SsoException AUDIT_FAILED (10500) when it cannot be written and the audit is fail-closed
     */
    public void write(AuditRecord record) {
        if (logger == null) {
            return;
        }
        String line = json(record);
        try {
            if (closed.get()) {
                throw new IllegalStateException("the SSO AUDIT log is closed");
            }
            logger.info(line);
            written.incrementAndGet();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.error(
                    "An SSO AUDIT record ({} by {}, request {}) could not be written to {}: {}",
                    record.function(),
                    record.clientUser(),
                    record.trackingId(),
                    file,
                    e.getMessage());
            if (failClosed) {
                throw new SsoException(
                        SsoError.AUDIT_FAILED,
                        "The SSO AUDIT record of " + record.function() + " could not be written to " + file
                                + "; with fail-closed audit the operation is refused until it can be.",
                        e);
            }
        }
    }

    /** The record as one JSON line. */
    static String json(AuditRecord r) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", r.at().toString());
            json.writeStringField("source", LOGGER);
            json.writeNumberField("eventId", r.succeeded() ? 10535 : 10536);
            json.writeStringField("function", r.function());
            json.writeStringField("trackingId", r.trackingId());
            json.writeStringField("clientComputer", r.clientComputer());
            json.writeStringField("clientUser", r.clientUser());
            json.writeStringField("application", r.application());
            json.writeNumberField("errorCode", r.errorCode());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public void close() {
        if (context != null && closed.compareAndSet(false, true)) {
            context.stop();
        }
    }

    @Override
    public String toString() {
        return logger == null
                ? "SsoAudit[none]"
                : "SsoAudit[" + file + ", fail-closed " + failClosed + ", " + written.get() + " written, "
                        + failures.get() + " failed]";
    }

    /** For tests: the file written. */
    Path file() {
        return Objects.requireNonNull(file);
    }
}
