package org.entsso.cluster.internal.ownership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Zk;

/**
 * How a term begins ({@link Fence#acquire}): the epoch's increment, with the term's first writes, in one multi-op
 * that checks the node's election znode, and the term's reads queued behind it; and a standby's rehearsal of that
 * round trip, which ZooKeeper refuses. Stateless; thread-safe.
 */
final class TermStart {
    /**
     * How long a takeover waits for ZooKeeper to answer its queued requests: Curator retries them on a lost connection
     * meanwhile (as a synchronous call would), within the session's lifetime.
     */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    /** The epoch version a rehearsal's increment claims: no znode reaches it, so ZooKeeper refuses the multi-op. */
    private static final int REHEARSAL_VERSION = Integer.MAX_VALUE;

    private TermStart() {}

    /**
     * As {@link Fence#acquire(CuratorFramework, String, String, Optional, LongFunction)}, also reading {@code readAfter}
     * once the term is fenced, in the same round trip: the reads are queued on the session right behind the multi-op,
     * and ZooKeeper answers a session's requests in order, so they see the increment and nothing a deposed owner could
     * still write (issue 14: one round trip fewer on every takeover's path).
     */
    static Optional<Fence.Started> acquire(
            CuratorFramework client,
            String epochPath,
            String latchPath,
            Optional<Zk.Versioned> epochRead,
            LongFunction<List<Fence.Put>> atStart,
            Collection<String> readAfter) {
        if (latchPath == null) {
            return Optional.empty();
        }
        return Zk.call(() -> {
            Optional<Zk.Versioned> known = epochRead.filter(v -> v.data().length > 0);
            boolean withPuts = true;
            while (true) {
                Zk.Versioned epochNow = known.isPresent() ? known.get() : readEpoch(client, epochPath);
                known = Optional.empty();
                long next = Json.read(epochNow.data(), Long.class) + 1;
                List<Fence.Put> puts = withPuts ? atStart.apply(next) : List.of();
                Map<String, CompletableFuture<Optional<Zk.Versioned>>> reading = new LinkedHashMap<>();
                CompletableFuture<List<CuratorTransactionResult>> committed =
                        increment(client, epochPath, latchPath, epochNow.version(), next, puts, readAfter, reading);
                try {
                    List<CuratorTransactionResult> results = await(committed);
                    int version = results.get(1).getResultStat().getVersion();
                    Fence fence = Fence.started(client, epochPath, version, next, puts);
                    return Optional.of(
                            new Fence.Started(fence, readsBehind(client, readAfter, reading, epochPath, version)));
                } catch (KeeperException.NoNodeException e) {
                    if (puts.isEmpty()) {
                        return Optional.<Fence.Started>empty();
                    }
                    withPuts = false; // the latch, or a put's znode, is missing: try without the puts to tell which
                    known = Optional.of(epochNow);
                } catch (KeeperException.BadVersionException e) {
                    continue; // another node's term started between our read and our increment: read again
                }
            }
        });
    }

    /**
     * The epoch's increment as {@code acquire} sends it: one multi-op (the latch znode checked, the epoch set at {@code
     * version}, the puts), with {@code readAfter} and the epoch znode read queued right behind it into {@code reading}.
     */
    private static CompletableFuture<List<CuratorTransactionResult>> increment(
            CuratorFramework client,
            String epochPath,
            String latchPath,
            int version,
            long next,
            List<Fence.Put> puts,
            Collection<String> readAfter,
            Map<String, CompletableFuture<Optional<Zk.Versioned>>> reading)
            throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(client.transactionOp().check().forPath(latchPath));
        ops.add(client.transactionOp().setData().withVersion(version).forPath(epochPath, Json.write(next)));
        for (Fence.Put p : puts) {
            ops.add(client.transactionOp().setData().forPath(p.path(), p.data()));
        }
        CompletableFuture<List<CuratorTransactionResult>> committed = new CompletableFuture<>();
        client.transaction()
                .inBackground((c, event) -> {
                    KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
                    if (code == KeeperException.Code.OK) {
                        committed.complete(event.getOpResults());
                    } else {
                        committed.completeExceptionally(KeeperException.create(code, epochPath));
                    }
                })
                .forOperations(ops);
        if (!readAfter.isEmpty()) {
            // The epoch znode too: its version tells whether the reads came after the increment.
            reading.put(epochPath, Zk.readInBackground(client, epochPath));
            for (String path : readAfter) {
                reading.computeIfAbsent(path, p -> Zk.readInBackground(client, p));
            }
        }
        return committed;
    }

    /**
     * Rehearses {@link Fence#acquire}'s round trip on a standby, so that its first takeover does not run this code for the
     * first time (issue 14: a node's first increment took 89 ms against 12 ms later). The same multi-op and queued
     * reads are sent, with the epoch's version set to one it cannot have, so ZooKeeper refuses the whole multi-op and
     * writes nothing. Returns whether it was refused as intended. Nothing is written whatever happens; failures are
     * the caller's to log.
     */
    static boolean rehearse(
            CuratorFramework client,
            String epochPath,
            String latchPath,
            LongFunction<List<Fence.Put>> atStart,
            Collection<String> readAfter)
            throws Exception {
        if (latchPath == null) {
            return false;
        }
        Zk.Versioned epochNow = readEpoch(client, epochPath);
        long next = Json.read(epochNow.data(), Long.class) + 1;
        Map<String, CompletableFuture<Optional<Zk.Versioned>>> reading = new LinkedHashMap<>();
        CompletableFuture<List<CuratorTransactionResult>> refused = increment(
                client, epochPath, latchPath, REHEARSAL_VERSION, next, atStart.apply(next), readAfter, reading);
        for (CompletableFuture<Optional<Zk.Versioned>> read : reading.values()) {
            await(read);
        }
        try {
            await(refused);
            return false; // cannot happen: no znode reaches this version
        } catch (KeeperException.BadVersionException expected) {
            return true;
        }
    }

    /**
     * What the reads queued behind the increment answered, or, when one of them was answered before it (Curator
     * retries a request lost with a connection on its own, so a retried increment can land after reads sent behind
     * it: the epoch znode read shows an older version then, or the read itself failed), the same paths read again now,
     * one after another.
     */
    static Map<String, Optional<Zk.Versioned>> readsBehind(
            CuratorFramework client,
            Collection<String> paths,
            Map<String, CompletableFuture<Optional<Zk.Versioned>>> reading,
            String epochPath,
            int epochVersion)
            throws Exception {
        Map<String, Optional<Zk.Versioned>> read = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, CompletableFuture<Optional<Zk.Versioned>>> e : reading.entrySet()) {
                read.put(e.getKey(), await(e.getValue()));
            }
        } catch (KeeperException e) {
            read.clear();
        }
        boolean afterIncrement = read.getOrDefault(epochPath, Optional.empty())
                .map(v -> v.version() >= epochVersion)
                .orElse(false);
        if (!afterIncrement) {
            read.clear();
            for (String path : paths) {
                read.put(path, Zk.readOrEmpty(client, path));
            }
            return read;
        }
        if (!paths.contains(epochPath)) {
            read.remove(epochPath);
        }
        return read;
    }

    /** The answer of a queued request, as the synchronous call would have thrown it. */
    private static <T> T await(CompletableFuture<T> answer) throws Exception {
        try {
            return answer.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Zk.Versioned readEpoch(CuratorFramework client, String epochPath) throws Exception {
        Stat stat = new Stat();
        byte[] data = client.getData().storingStatIn(stat).forPath(epochPath);
        return new Zk.Versioned(data, stat.getVersion());
    }
}
