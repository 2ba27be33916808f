package org.entsso.sso.transport;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Captures every log event of {@code org.entsso.sso.transport} (or another logger and its children), messages and
 * exceptions, for assertions.
 */
public final class CapturedLog implements AutoCloseable {
    private final String loggerName;
    private final StringWriter text = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final WriterAppender appender;

    CapturedLog() {
        this("org.entsso.sso.transport");
    }

    /** Captures {@code loggerName} and its children. */
    public CapturedLog(String loggerName) {
        this.loggerName = loggerName;
        PatternLayout layout = PatternLayout.newBuilder()
                .withPattern("%level %logger %m %ex%n")
                .build();
        appender = WriterAppender.newBuilder()
                .setName("captured-log-" + loggerName)
                .setLayout(layout)
                .setTarget(text)
                .build();
        appender.start();
        Configuration configuration = context.getConfiguration();
        LoggerConfig logger = new LoggerConfig(loggerName, Level.ALL, false);
        logger.addAppender(appender, Level.ALL, null);
        configuration.addLogger(loggerName, logger);
        context.updateLoggers();
    }

    /** Everything logged so far. */
    public synchronized String text() {
        return text.toString();
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(loggerName);
        context.updateLoggers();
        appender.stop();
    }
}
