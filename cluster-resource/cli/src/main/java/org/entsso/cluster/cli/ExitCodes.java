package org.entsso.cluster.cli;

/** The exit codes of {@code ops/bin/cluster}, documented in {@code ops/README.md}. */
public final class ExitCodes {
    /** Done; for {@code simulate}, every expectation passed. */
    public static final int OK = 0;

    /** The cluster refused or could not carry out the command (unknown name, refused value, timeout). */
    public static final int CLUSTER_ERROR = 1;

    /** Bad command line: unknown verb, missing or bad argument, unreadable file, bad scenario. */
    public static final int USAGE = 2;

    /** ZooKeeper could not be reached. */
    public static final int UNAVAILABLE = 3;

    /** {@code simulate}: at least one expectation failed. */
    public static final int SCENARIO_FAILED = 1;

    private ExitCodes() {}
}
