package org.entsso.cluster.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;

/** One run of the command line as a user makes it: its exit code and what it printed on stdout and stderr. */
record CommandRun(int code, String out, String err) {

    /** Runs {@code args} with the environment and connector given. */
    static CommandRun of(Map<String, String> env, Function<ClusterConnection, ClusterAdmin> connector, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = ClusterCommand.run(
                new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8),
                env,
                connector,
                args);
        return new CommandRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** The single line on stderr (fails when there is none or more than one). */
    String errorLine() {
        if (err.lines().count() != 1) {
            throw new AssertionError("expected one line on stderr, got: " + err);
        }
        return err.strip();
    }
}
