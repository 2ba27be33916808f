package org.entsso.sso.transport;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Captures every log event of {@code org.entsso.sso.transport}, messages and exceptions, for assertions. */
final class CapturedLog implements AutoCloseable {
    private static final String LOGGER = "org.entsso.sso.transport";

    private final StringWriter text = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final WriterAppender appender;

    CapturedLog() {
        PatternLayout layout = PatternLayout.newBuilder()
                .withPattern("%level %logger %m %ex%n")
                .build();
        appender = WriterAppender.newBuilder()
                .setName("captured-transport-log")
                .setLayout(layout)
                .setTarget(text)
                .build();
        appender.start();
        Configuration configuration = context.getConfiguration();
        LoggerConfig logger = new LoggerConfig(LOGGER, Level.ALL, false);
        logger.addAppender(appender, Level.ALL, null);
        configuration.addLogger(LOGGER, logger);
        context.updateLoggers();
    }

    /** Everything logged so far. */
    synchronized String text() {
        return text.toString();
    }

    @Override
    public void close() {
        context.getConfiguration().removeLogger(LOGGER);
        context.updateLoggers();
        appender.stop();
    }
}
