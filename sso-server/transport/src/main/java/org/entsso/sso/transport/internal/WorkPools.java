package org.entsso.sso.transport.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.entsso.sso.transport.WorkPool;

/** The bounded executors of a server's {@link WorkPool}s: a full one rejects (the caller answers 503). */
final class WorkPools {
    private WorkPools() {}

    static Map<String, ExecutorService> start(Map<String, WorkPool> pools, int port) {
        Map<String, ExecutorService> started = new LinkedHashMap<>();
        pools.forEach((name, pool) -> started.put(name, executor(pool, port)));
        return Map.copyOf(started);
    }

    private static ExecutorService executor(WorkPool pool, int port) {
        BlockingQueue<Runnable> queue =
                pool.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(pool.queue());
        AtomicInteger n = new AtomicInteger();
        String prefix = "entsso-" + pool.name() + "-" + port + "-";
        ThreadPoolExecutor executor =
                new ThreadPoolExecutor(pool.threads(), pool.threads(), 60, TimeUnit.SECONDS, queue, r -> {
                    Thread t = new Thread(r, prefix + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Stops every pool, interrupting handlers still running (the drain before this gave them their time). */
    static void stop(Map<String, ExecutorService> pools) {
        pools.values().forEach(ExecutorService::shutdownNow);
    }
}
