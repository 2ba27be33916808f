package org.entsso.sso.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Captures every log event of one logger and its children (e.g. {@code org.entsso.sso.transport}), messages and
 * exceptions, for assertions. Shared test support; close it to detach.
 */
public final class CapturedLog implements AutoCloseable {
    private final String logger;

    private final StringWriter text = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final WriterAppender appender;

    public CapturedLog(String loggerName) {
        this.logger = loggerName;
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
        LoggerConfig config = new LoggerConfig(loggerName, Level.ALL, false);
        config.addAppender(appender, Level.ALL, null);
        configuration.addLogger(loggerName, config);
        context.updateLoggers();
    }

    /** Everything logged so far. */
    public synchronized String text() {
        return text.toString();
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(logger);
        context.updateLoggers();
        appender.stop();
    }
}
