package org.entsso.sso.admin.xml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems found in one file, schema and semantic ones together, capped so that a file broken everywhere gives a
 * readable answer. Used by one thread.
 */
final class Problems {
    /** More would not be read; the first ones say what is wrong. */
    static final int MAX = 100;

    private final String source;
    private final List<Problem> problems = new ArrayList<>();
    private boolean truncated;

    Problems(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    void add(Location location, String message) {
        if (problems.size() < MAX) {
            problems.add(new Problem(location, message));
        } else {
            truncated = true;
        }
    }

    /** Replaces the last problem if it is at {@code at} (a schema error the caller explains better), else adds. */
    void replaceLastAt(Location at, Location location, String message) {
        if (!problems.isEmpty() && problems.get(problems.size() - 1).location().equals(at)) {
            problems.remove(problems.size() - 1);
        }
        add(location, message);
    }

    boolean full() {
        return problems.size() >= MAX;
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Throws the problems, in file order, if there are any. */
    void throwIfAny(Throwable cause) throws SsoXmlException {
        if (problems.isEmpty()) {
            return;
        }
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing(Problem::location));
        if (truncated) {
            sorted.add(new Problem(Location.of(source), "stopped after " + MAX + " problems; fix these first"));
        }
        throw new SsoXmlException(sorted, cause);
    }
}
