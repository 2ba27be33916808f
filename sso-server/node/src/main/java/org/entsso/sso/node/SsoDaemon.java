package org.entsso.sso.node;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/**
 * {@code ssod --config node.properties}: runs one node (cluster service + SSO server + Master Secret Service resource
 * type) until SIGTERM or SIGINT, then leaves the cluster at once and exits 0. Bad configuration, an unreadable file, a
 * port in use or an unreachable database exits 2 with one line on standard error; no stack trace. Logs go to the
 * node's {@code log.dir}; standard output carries one line when the node is up, for scripts to wait on.
 */
public final class SsoDaemon {
    private SsoDaemon() {}

    /** Entry point of {@code ops/bin/ssod}. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static final String USAGE = String.join(
            "\n",
            "usage: ssod --config <node.properties>",
            "",
            "Runs one node of an ENTSSO cluster: the cluster service, an SSO server with the /v1 API and, on possible",
            "owners, the Master Secret Service resource. Runs until SIGTERM or SIGINT, then leaves the cluster at once",
            "and exits 0; a node that cannot start exits 2 with one line on standard error. The keys of",
            "node.properties are listed in the distribution's conf/node.properties.example; logging is configured by",
            "conf/log4j2.xml (-Dentsso.log.config), JSON lines with -Dentsso.log.format=json.",
            "",
            "  --config FILE   the node's configuration (written by sso-init)",
            "  --help          this text");

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(USAGE);
            return 0;
        }
        if (args.length != 2 || !args[0].equals("--config")) {
            err.println("usage: ssod --config <node.properties>");
            return 2;
        }
        NodeConfig config;
        try {
            config = NodeConfigFile.load(Path.of(args[1]));
        } catch (SsoException e) {
            err.println("ssod: " + e.getMessage());
            return 2;
        }
        try {
            NodeLogging.configure(config.nodeName(), config.logDirectory());
        } catch (IllegalArgumentException e) {
            err.println("ssod: " + new SsoException(SsoError.INVALID_ARGUMENT, e.getMessage() + ".").getMessage());
            return 2;
        }
        SsoNode node;
        try {
            node = SsoNode.start(config);
        } catch (RuntimeException e) {
            // One line on the terminal (issue 9 item 11); the stack trace goes to the file only, as the console
            // appender is attached once the node is up.
            err.println("ssod: " + config.nodeName() + " did not start: " + StartFailure.describe(e, config) + " (see "
                    + config.logDirectory().resolve("ssod.log") + ")");
            LogManager.getLogger(SsoDaemon.class).error("node {} did not start", config.nodeName(), e);
            return 2;
        }
        NodeLogging.attachConsole();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            node.close();
                            LogManager.shutdown();
                            stopped.countDown();
                        },
                        "ssod-shutdown"));
        out.println("ssod: " + config.nodeName() + " up; API " + node.apiEndpoint());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
