package org.entsso.sso.store;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One change of an application's purge id, from {@code before} to {@code after}, committed with the change that made
 * it (sso-server/docs/lookups.md, "Cache coherence"). A server that was told of every step between two purge ids it
 * read from the database knows that nothing else changed in between, so its database poll need not drop the whole
 * application's cached credentials. Purge ids are random, never secret.
 */
public record PurgeStep(UUID before, UUID after) {
    public PurgeStep {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /** The step as one header or signal value: {@code <before> <after>}. */
    public String text() {
        return before + " " + after;
    }

    /** The step {@link #text()} wrote, or empty when {@code text} is null or not one. */
    public static Optional<PurgeStep> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.trim().split(" ");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PurgeStep(UUID.fromString(parts[0]), UUID.fromString(parts[1])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
