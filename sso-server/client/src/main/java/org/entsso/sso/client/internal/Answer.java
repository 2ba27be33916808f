package org.entsso.sso.client.internal;

import java.net.URI;
import java.util.Arrays;

/**
 * One server's HTTP answer. The body may carry secrets (credentials): whoever reads it calls {@link #wipe()}.
 * {@link #toString()} never shows it. Not thread-safe.
 *
 * @param server the server that answered
 * @param status the HTTP status
 * @param body the response body
 * @param replay whether the server answered {@code Idempotent-Replay: true}
 */
public record Answer(URI server, int status, byte[] body, boolean replay) {
    /** Whether the status is 2xx. */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** Zeroes the body. */
    public void wipe() {
        Arrays.fill(body, (byte) 0);
    }

    @Override
    public String toString() {
        return "Answer[" + server + " " + status + (replay ? " replay" : "") + "]";
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
