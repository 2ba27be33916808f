package org.entsso.sso.admin.xml;

import java.util.Objects;

/** One thing wrong with an SSO XML file, where it is and what to do about it. Immutable. */
public record Problem(Location location, String message) {
    public Problem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file.xml:12:5: message}, as the command lines print it. */
    @Override
    public String toString() {
        return location + ": " + message;
    }
}
