package org.entsso.cluster.sim;

/** A scenario file that cannot be run, with the line to fix: {@code FILE:LINE: message}. */
public final class ScenarioParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;

    public ScenarioParseException(String source, int line, String message) {
        super(source + ":" + line + ": " + message);
        this.line = line;
    }

    public ScenarioParseException(String source, int line, String message, Throwable cause) {
        super(source + ":" + line + ": " + message, cause);
        this.line = line;
    }

    /** The 1-based line the error is on. */
    public int line() {
        return line;
    }
}
