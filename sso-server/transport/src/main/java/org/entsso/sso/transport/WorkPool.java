package org.entsso.sso.transport;

import java.util.Objects;

/**
 * The threads that run a route's handlers, with a bounded queue: a {@link MutualTlsServer} gives every distinct pool
 * its own threads, so handlers of one pool never wait behind another pool's (keyring fetches behind writes blocked on a
 * database lock, say). A request that finds the pool's threads busy and its queue full is answered at once with 503,
 * {@code Retry-After: 1} and {@code {"code":15005,...}}, instead of waiting without bound. Immutable; pools are equal by
 * name, and two pools of one name on one server must be equal.
 *
 * @param name a short name, used in thread names and logs
 * @param threads how many handlers of this pool run at once; at least 1
 * @param queue how many more requests may wait for a thread; at least 0
 */
public record WorkPool(String name, int threads, int queue) {
    /** The pool of routes that name none. */
    public static final WorkPool DEFAULT = new WorkPool("requests", 16, 256);

    public WorkPool {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("a pool name is 1-32 lower-case letters, digits and '-': " + name);
        }
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException("a pool needs at least one thread and a queue of at least 0");
        }
    }
}
