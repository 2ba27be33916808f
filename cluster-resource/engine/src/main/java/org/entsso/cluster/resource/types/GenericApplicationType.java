package org.entsso.cluster.resource.types;

import java.util.Set;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.cluster.resource.ResourceType;

/**
 * WSFC's Generic Application: an operating-system process that is healthy while it lives; taken offline by
 * terminating it (anchors/wsfc.md §2.6, {@code MSCS/generic-application}). Private properties:
 *
 * <ul>
 *   <li>{@code CommandLine} (required): split as described in {@link CommandLine}; no shell unless written
 *       {@code sh -c '...'}. The first word is the executable, found on the node's PATH.
 *   <li>{@code CurrentDirectory}: the working directory; default the node process's working directory. (WSFC requires
 *       it; here it is optional.)
 *   <li>{@code OutputFile}: a file that receives the process's stdout and stderr (appended); default discarded.
 *   <li>{@code StopTimeout}: how long Offline waits after SIGTERM before killing, in milliseconds as WSFC writes
 *       durations, or suffixed ({@code 10s}); default 10 s.
 * </ul>
 *
 * Thread-safe and stateless.
 */
public final class GenericApplicationType implements ResourceType {
    /** The type name. */
    public static final String NAME = "Generic Application";

    public static final String COMMAND_LINE = "CommandLine";
    public static final String CURRENT_DIRECTORY = "CurrentDirectory";
    public static final String OUTPUT_FILE = "OutputFile";
    public static final String STOP_TIMEOUT = "StopTimeout";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> requiredParameters() {
        return Set.of(COMMAND_LINE);
    }

    @Override
    public ResourceInstance open(ResourceContext context) {
        return new GenericApplicationInstance(context);
    }
}
