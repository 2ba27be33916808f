package org.entsso.sso.node;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Points Log4j 2 at the node's folder once the configuration file has named it: {@code <log.dir>/ssod.log}, rolled
 * at 20 MB with 10 files kept, everything at INFO; the console gets warnings and errors only, so an operator running
 * {@code ssod} in a terminal sees what needs attention. Called once, before any component starts.
 *
 * <p>The console is attached only once the node is up ({@link #attachConsole()}): while it starts, the libraries'
 * warnings (ZooKeeper's reconnect attempts, Curator's retries, Flyway's notices) go to the file alone, so that a node
 * that does not start prints exactly one line on standard error, {@code ssod}'s own (issue 9 item 11).
 */
final class NodeLogging {
    /**
     * Messages are logged with CR and LF escaped ({@code %enc{..}{CRLF}}), so no value that reaches a message can
     * forge or split a line of {@code ssod.log} (issue 9 item 11: CR and LF in account names did). The console shows
     * one line per event and never a stack trace (the file keeps them).
     */
    private static final String MESSAGE = "%enc{%msg}{CRLF}";

    private static final String PATTERN =
            "%d{ISO8601} %-5level [%t] %c{1} - " + MESSAGE + "%notEmpty{ (%enc{%ex{short.message}}{CRLF})}%n";

    private NodeLogging() {}

    /** Reconfigures the process's logging for {@code nodeName} writing under {@code directory}. */
    static void configure(String nodeName, Path directory) {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setConfigurationName("ssod-" + nodeName);
        b.setStatusLevel(Level.WARN);
        // ssod stops logging itself, after the node has left the cluster (SsoDaemon's shutdown hook).
        b.setShutdownHook("disable");
        String file = directory.resolve("ssod.log").toString();
        AppenderComponentBuilder rolling = b.newAppender("file", "RollingFile")
                .addAttribute("fileName", file)
                .addAttribute("filePattern", directory.resolve("ssod-%i.log.gz").toString())
                .add(b.newLayout("PatternLayout")
                        .addAttribute(
                                "pattern", "%d{ISO8601} %-5level [" + nodeName + "] [%t] %c{1} - " + MESSAGE + "%n"))
                .addComponent(b.newComponent("Policies")
                        .addComponent(
                                b.newComponent("SizeBasedTriggeringPolicy").addAttribute("size", "20MB")))
                .addComponent(b.newComponent("DefaultRolloverStrategy").addAttribute("max", "10"));
        b.add(rolling);
        b.add(b.newAppender("console", "Console")
                .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
                .add(b.newLayout("PatternLayout")
                        .addAttribute("pattern", PATTERN)
                        .addAttribute("alwaysWriteExceptions", false))
                .add(b.newFilter("ThresholdFilter", "ACCEPT", "DENY").addAttribute("level", Level.WARN)));
        // ZooKeeper and Curator are chatty at INFO (every connection); their warnings still reach the file.
        b.add(b.newLogger("org.apache.zookeeper", Level.WARN));
        b.add(b.newLogger("org.apache.curator", Level.WARN));
        b.add(b.newLogger("org.hibernate", Level.WARN));
        b.add(b.newLogger("com.zaxxer.hikari", Level.WARN));
        b.add(b.newRootLogger(Level.INFO).add(b.newAppenderRef("file")));
        LoggerContext context = Configurator.initialize(b.build());
        context.reconfigure(b.build());
    }

    /** From now on, warnings and errors reach the console as well as the file (the node is up). */
    static void attachConsole() {
        LoggerContext context = LoggerContext.getContext(false);
        Configuration configuration = context.getConfiguration();
        Appender console = configuration.getAppender("console");
        if (console != null) {
            configuration.getRootLogger().addAppender(console, null, null);
            context.updateLoggers();
        }
    }
}
