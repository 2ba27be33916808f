package org.entsso.sso.admin.xml;

import java.util.Comparator;
import java.util.Objects;

/**
 * Where something is in an SSO XML file: the file's name as the user gave it and a 1-based line and column (the start
 * of an element's tag for records, the parser's position for schema errors). Line 0 means the file as a whole (it
 * could not be read, or a record was not read from a file). Immutable.
 */
public record Location(String source, int line, int column) implements Comparable<Location> {
    private static final Comparator<Location> ORDER =
            Comparator.comparingInt(Location::line).thenComparingInt(Location::column);

    public Location {
        Objects.requireNonNull(source, "source");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column are 0 or more: " + line + ":" + column);
        }
    }

    /** The file as a whole, or a record that was not read from a file (line 0). */
    public static Location of(String source) {
        return new Location(source, 0, 0);
    }

    /** {@code file.xml:12:5}, or {@code file.xml} for the file as a whole. */
    @Override
    public String toString() {
        return line == 0 ? source : source + ":" + line + ":" + column;
    }

    /** By line, then column (locations of one file). */
    @Override
    public int compareTo(Location other) {
        return ORDER.compare(this, other);
    }
}
