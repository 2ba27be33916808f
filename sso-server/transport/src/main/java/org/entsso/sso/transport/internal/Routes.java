package org.entsso.sso.transport.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.entsso.sso.transport.CallerHandler;
import org.entsso.sso.transport.CallerPolicy;
import org.entsso.sso.transport.WorkPool;

/** A server's routes, matched by path: exact routes first, then the longest route tree. Immutable. */
public final class Routes {
    /**
     * A handler, whether it serves the paths below its own too, the pools for reads and for other methods, who may
     * call it, and its own request body limit ({@code maxRequestBytes}; 0: the server's).
     */
    public record Route(
            CallerHandler handler,
            boolean tree,
            WorkPool reads,
            WorkPool writes,
            CallerPolicy callers,
            int maxRequestBytes) {
        public Route(CallerHandler handler, boolean tree, WorkPool reads, WorkPool writes, CallerPolicy callers) {
            this(handler, tree, reads, writes, callers, 0);
        }

        /** The body limit for this route: its own, else {@code serverLimit}. */
        public int bodyLimit(int serverLimit) {
            return maxRequestBytes > 0 ? maxRequestBytes : serverLimit;
        }

        /** The pool for {@code method}: {@link #reads} for GET and HEAD. */
        public WorkPool poolFor(String method) {
            return "GET".equals(method) || "HEAD".equals(method) ? reads : writes;
        }
    }

    private final Map<String, Route> byPath;

    public Routes(Map<String, Route> byPath) {
        this.byPath = Map.copyOf(new LinkedHashMap<>(byPath));
    }

    /** The route that serves {@code path} (percent-decoded), if any. */
    public Optional<Route> match(String path) {
        Route exact = byPath.get(path);
        if (exact != null) {
            return Optional.of(exact);
        }
        Route best = null;
        int bestLength = -1;
        for (Map.Entry<String, Route> e : byPath.entrySet()) {
            String prefix = e.getKey();
            if (e.getValue().tree()
                    && prefix.length() > bestLength
                    && path.startsWith(prefix)
                    && path.length() > prefix.length()
                    && path.charAt(prefix.length()) == '/') {
                best = e.getValue();
                bestLength = prefix.length();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every distinct pool, by name; two different pools of one name are refused. */
    public Map<String, WorkPool> pools() {
        Map<String, WorkPool> pools = new LinkedHashMap<>();
        for (Route r : byPath.values()) {
            for (WorkPool p : new WorkPool[] {r.reads(), r.writes()}) {
                WorkPool known = pools.putIfAbsent(p.name(), p);
                if (known != null && !known.equals(p)) {
                    throw new IllegalArgumentException("two pools named " + p.name() + ": " + known + " and " + p);
                }
            }
        }
        return pools;
    }
}
