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
 * Captures every log event (all levels, messages and exceptions) under one logger name, for assertions such as "no
 * secret is ever logged". Shared test support; the transport tests' {@code CapturedLog} predates it and can move here.
 */
public final class LogCapture implements AutoCloseable {
    private final String loggerName;
    private final StringWriter text = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final WriterAppender appender;

    /** Starts capturing {@code loggerName} and its children at every level. */
    public LogCapture(String loggerName) {
        this.loggerName = loggerName;
        appender = WriterAppender.newBuilder()
                .setName("captured-" + loggerName)
                .setLayout(PatternLayout.newBuilder()
                        .withPattern("%level %logger %m %ex%n")
                        .build())
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
