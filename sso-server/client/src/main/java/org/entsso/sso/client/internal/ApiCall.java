package org.entsso.sso.client.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * One logical API request: method, path (with query) and JSON body. A write is sent with an {@code Idempotency-Key};
 * a create additionally treats "already exists" (10752, 10753, 15002) on a retry as applied. The body may carry secrets: {@link #wipe()} zeroes it once
 * the call is over, and {@link #toString()} never shows it. Not thread-safe: one call per logical request.
 *
 * @param method GET, POST or PUT
 * @param path the absolute path and query, already percent-encoded
 * @param body the JSON body (empty for GET)
 * @param kind read, write or create
 */
public record ApiCall(String method, String path, byte[] body, Kind kind) {
    /** How the call is retried. */
    public enum Kind {
        /** Retried at once on the next server within the request timeout. */
        READ,
        /** Retried with backoff and one idempotency key until the write deadline. */
        WRITE,
        /** A write whose "already exists" (10752, 10753, 15002) on a retry means an earlier attempt applied it. */
        CREATE
    }

    public ApiCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        body = body == null ? new byte[0] : body;
        Objects.requireNonNull(kind, "kind");
    }

    /** A GET. */
    public static ApiCall get(String path) {
        return new ApiCall("GET", path, null, Kind.READ);
    }

    /** Whether the call changes something (and so carries an idempotency key). */
    public boolean isWrite() {
        return kind != Kind.READ;
    }

    /** Zeroes the body. */
    public void wipe() {
        Arrays.fill(body, (byte) 0);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
