package org.entsso.sso.node;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;

/**
 * Points Log4j 2 at the node's folder once the configuration file has named it. The configuration is a Log4j XML file,
 * not code: the one {@code -Dentsso.log.config} names (the distribution's {@code conf/log4j2.xml}, which bin/ssod passes),
 * else the same file inside this jar ({@code ssod-log4j2.xml}): {@code <log.dir>/ssod.log}, rolled at 20 MB with 10 files
 * kept, everything at INFO, text lines or JSON ({@code -Dentsso.log.format=json}); the console gets warnings and errors
 * only. Called once, before any component starts.
 *
 * <p>The console is attached only once the node is up ({@link #attachConsole()}): while it starts, the libraries'
 * warnings (ZooKeeper's reconnect attempts, Curator's retries, Flyway's notices) go to the file alone, so that a node
 * that does not start prints exactly one line on standard error, {@code ssod}'s own (issue 9 item 11).
 */
final class NodeLogging {
    /** The system property naming the operator's Log4j configuration file. */
    static final String CONFIG_PROPERTY = "entsso.log.config";

    /** The configuration inside the jar, used when {@link #CONFIG_PROPERTY} is not set. */
    static final String BUNDLED = "/org/entsso/sso/node/ssod-log4j2.xml";

    private NodeLogging() {}

    /**
     * Reconfigures the process's logging for {@code nodeName} writing under {@code directory}.
     *
     * @throws IllegalArgumentException when {@code -Dentsso.log.config} names a file that does not exist
     */
    static void configure(String nodeName, Path directory) {
        System.setProperty("entsso.node.name", nodeName);
        System.setProperty("entsso.log.dir", directory.toString());
        URI config = configuration();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.setConfigLocation(config); // reads the file now, with the two properties above in place
    }

    private static URI configuration() {
        String file = System.getProperty(CONFIG_PROPERTY);
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("the logging configuration " + path.toAbsolutePath() + " (-D"
                        + CONFIG_PROPERTY + ") does not exist");
            }
            return path.toUri();
        }
        try {
            return NodeLogging.class.getResource(BUNDLED).toURI();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("the jar lacks its logging configuration " + BUNDLED, e);
        }
    }

    /** From now on, warnings and errors reach the console as well as the file (the node is up). */
    static void attachConsole() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        Appender console = configuration.getAppender("console");
        if (console != null) {
            configuration.getRootLogger().addAppender(console, null, null);
            context.updateLoggers();
        }
    }
}
