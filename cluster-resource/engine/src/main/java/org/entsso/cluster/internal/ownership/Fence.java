package org.entsso.cluster.internal.ownership;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.entsso.cluster.ClusterException;
import org.entsso.cluster.internal.zk.Zk;

/**
 * Writes made by a group owner, fenced by its term: each write is a ZooKeeper multi-op that first checks that the
 * epoch znode still has the version this owner's epoch increment gave it. Once another node has taken the group (and
 * incremented the epoch), every write of the deposed owner fails with {@link FencedException} and changes nothing.
 * Thread-safe.
 *
 * <p>Over 500 lines because every kind of write (one at a time, several at once, queued, a handover's last) picks an
 * overwrite or a create from one record of what the term knows exists, and must keep that record in step with the
 * others: split apart, they would each need it.
 */
public final class Fence {
    /** The term that made the write is over. */
    public static final class FencedException extends ClusterException {
        private static final long serialVersionUID = 1L;

        FencedException(String message) {
            super(message);
        }
    }

    private final CuratorFramework client;
    private final String epochPath;
    private final int epochVersion;
    private final long epoch;
    /**
     * Ephemerals this term created in its session: rewriting one is a single overwrite. A session that ended took
     * them with it, and the overwrite then finds nothing and falls back to the careful path.
     */
    private final Set<String> ownEphemerals = ConcurrentHashMap.newKeySet();
    /**
     * Ephemerals a queued {@link #putAllInBackground} creates, until ZooKeeper answers it. A write queued behind the
     * create overwrites the znode, and holds only if the create did: an earlier owner's ephemeral, still there while
     * its session closes, refuses the create, and an overwrite queued behind it lands in that session's znode and
     * vanishes with it (a fresh clone's CI drill lost the master secret server's name after SIGTERM of the owner).
     */
    private final Map<String, CompletableFuture<Boolean>> creating = new ConcurrentHashMap<>();
    /**
     * Persistent znodes this term knows to exist (true) or not (false): read when it began ({@link #observed}) or
     * written by it. {@link #putAll} picks an overwrite or a create by it.
     */
    private final Map<String, Boolean> present = new ConcurrentHashMap<>();

    /** One znode of a {@link #putAll}: persistent, or ephemeral (it vanishes with this node's session). */
    public record Put(String path, byte[] data, boolean ephemeral) {}

    /** Whether the puts {@link #acquire} was given were written with the epoch's increment. */
    private final boolean startWritten;

    Fence(CuratorFramework client, String epochPath, int epochVersion, long epoch) {
        this(client, epochPath, epochVersion, epoch, false);
    }

    private Fence(CuratorFramework client, String epochPath, int epochVersion, long epoch, boolean startWritten) {
        this.client = client;
        this.epochPath = epochPath;
        this.epochVersion = epochVersion;
        this.epoch = epoch;
        this.startWritten = startWritten;
    }

    /**
     * Starts a term: increments the group's epoch in one multi-op that also checks that {@code latchPath}, this node's
     * own election znode, still exists. Winning the election and bumping the epoch are two steps; in between the
     * node's session may end or the node may leave the election, and then it must not take the group (issue 9 item
     * 3). Retries when another node bumped the epoch first.
     *
     * @return the new term's fence, or empty when the node no longer holds its place in the election (or the group's
     *     epoch znode is gone)
     */
    public static Optional<Fence> acquire(CuratorFramework client, String epochPath, String latchPath) {
        return acquire(client, epochPath, latchPath, Optional.empty());
    }

    /**
     * As {@link #acquire(CuratorFramework, String, String)}, starting from the epoch znode as the caller just read it
     * (one round trip fewer on a failover's path); a stale read costs one retry, as a concurrent increment does.
     */
    public static Optional<Fence> acquire(
            CuratorFramework client, String epochPath, String latchPath, Optional<Zk.Versioned> epochRead) {
        return acquire(client, epochPath, latchPath, epochRead, epoch -> List.of());
    }

    /**
     * As {@link #acquire(CuratorFramework, String, String, Optional)}, overwriting in the same multi-op the persistent
     * znodes {@code atStart} gives for the new epoch (the term's first status: one round trip fewer on a failover's
     * path). When one of them does not exist yet (a group's first term), the epoch is taken without them and
     * {@link #startWritten()} says so: the caller writes them then.
     */
    public static Optional<Fence> acquire(
            CuratorFramework client,
            String epochPath,
            String latchPath,
            Optional<Zk.Versioned> epochRead,
            LongFunction<List<Put>> atStart) {
        return acquire(client, epochPath, latchPath, epochRead, atStart, List.of())
                .map(Started::fence);
    }

    /**
     * A term just begun and what it read once fenced.
     *
     * @param fence the term's fence
     * @param read each path given to {@link #acquire(CuratorFramework, String, String, Optional, LongFunction,
     *     Collection)} with its data and version as read after the epoch's increment, or empty when absent
     */
    public record Started(Fence fence, Map<String, Optional<Zk.Versioned>> read) {}

    /**
     * As {@link #acquire(CuratorFramework, String, String, Optional, LongFunction)}, also reading {@code readAfter}
     * once the term is fenced, in the same round trip ({@link TermStart#acquire}).
     */
    public static Optional<Started> acquire(
            CuratorFramework client,
            String epochPath,
            String latchPath,
            Optional<Zk.Versioned> epochRead,
            LongFunction<List<Put>> atStart,
            Collection<String> readAfter) {
        return TermStart.acquire(client, epochPath, latchPath, epochRead, atStart, readAfter);
    }

    /**
     * Rehearses {@link #acquire}'s round trip on a standby, writing nothing ({@link TermStart#rehearse}).
     *
     * @return whether ZooKeeper refused the increment, as intended
     */
    public static boolean rehearseAcquire(
            CuratorFramework client,
            String epochPath,
            String latchPath,
            LongFunction<List<Put>> atStart,
            Collection<String> readAfter)
            throws Exception {
        return TermStart.rehearse(client, epochPath, latchPath, atStart, readAfter);
    }

    /** The fence of a term {@link TermStart} began: epoch {@code epoch} at {@code epochVersion}, with {@code puts}. */
    static Fence started(CuratorFramework client, String epochPath, int epochVersion, long epoch, List<Put> puts) {
        Fence fence = new Fence(client, epochPath, epochVersion, epoch, !puts.isEmpty());
        puts.forEach(p -> fence.present.put(p.path(), true));
        return fence;
    }

    /** Whether the puts given to {@link #acquire} were written with the epoch; false when there were none. */
    public boolean startWritten() {
        return startWritten;
    }

    public long epoch() {
        return epoch;
    }

    /** Records whether {@code path}, a persistent znode, existed when this term read it (its start's reads). */
    public void observed(String path, boolean exists) {
        present.put(path, exists);
    }

    /**
     * Whether this term knows {@code path} is not there: absent when the term began and not written since, or deleted
     * by it. Only this term writes a group's znodes while it is current, so there is nothing to delete then.
     */
    public boolean knownAbsent(String path) {
        return Boolean.FALSE.equals(present.get(path));
    }

    /**
     * Writes {@code puts} in one multi-op if this term is still current: one round trip where each znode is as this
     * term knows it (a persistent one overwritten when known or guessed to exist, created when known absent; an
     * ephemeral created, or overwritten when this term's own). When one is not, each is written on its own
     * ({@link #put}, {@link #putEphemeral}). Not atomic as a whole then, as two puts are not.
     */
    public void putAll(List<Put> puts) {
        if (puts.size() <= 1) {
            puts.forEach(p -> write(p.path(), p.data(), mode(p)));
            return;
        }
        boolean written = Zk.call(() -> {
            List<CuratorOp> ops = new ArrayList<>();
            for (Put p : puts) {
                ops.add(asGuessed(p));
            }
            try {
                inTerm(ops.toArray(new CuratorOp[0]));
                return true;
            } catch (KeeperException.BadVersionException e) {
                throw fenced(puts.get(0).path());
            } catch (KeeperException.NoNodeException | KeeperException.NodeExistsException e) {
                return false; // one was not as known (or the epoch znode is gone): the careful path tells which
            }
        });
        if (!written) {
            puts.forEach(p -> write(p.path(), p.data(), mode(p)));
            return;
        }
        for (Put p : puts) {
            if (p.ephemeral()) {
                ownEphemerals.add(p.path());
            } else {
                present.put(p.path(), true);
            }
        }
    }

    /**
     * {@link #putAll} without waiting for ZooKeeper's answer: one multi-op queued with each znode as this term knows or
     * guesses it (an overwrite unless known absent; an ephemeral created unless it is this term's own, or a create of it
     * is queued). ZooKeeper applies a session's requests in order, so what this node writes afterwards lands after it
     * (issue 14: a failover's chain of resources no longer waits one round trip per resource). The answer completes with
     * true when written, false when a znode was not as guessed, an ephemeral it overwrote was not created after all, or
     * the request failed otherwise (the caller then writes them with {@link #putAll}, which tells which), or
     * exceptionally with {@link FencedException} when another term began; on ZooKeeper's event thread.
     */
    public synchronized CompletableFuture<Boolean> putAllInBackground(List<Put> puts) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        List<CuratorOp> ops = new ArrayList<>();
        List<String> creates = new ArrayList<>();
        List<CompletableFuture<Boolean>> reliedOn = new ArrayList<>();
        try {
            for (Put p : puts) {
                CompletableFuture<Boolean> queuedCreate = p.ephemeral() ? creating.get(p.path()) : null;
                if (queuedCreate != null) {
                    reliedOn.add(queuedCreate);
                    ops.add(client.transactionOp().setData().forPath(p.path(), p.data()));
                } else {
                    ops.add(asGuessed(p));
                    if (p.ephemeral() && !ownEphemerals.contains(p.path())) {
                        creates.add(p.path());
                    }
                }
                if (!p.ephemeral()) {
                    // Assumed written from now on, so that a later delete's "gone" is not undone by this answer.
                    present.put(p.path(), true);
                }
            }
            creates.forEach(path -> creating.put(path, answer));
            inTermInBackground(
                    code -> {
                        forgetAll(puts, answer);
                        if (code == KeeperException.Code.BADVERSION) {
                            answer.completeExceptionally(fenced(puts.get(0).path()));
                        } else {
                            answer.complete(false);
                        }
                    },
                    () -> {
                        for (String path : creates) {
                            if (creating.remove(path, answer)) { // not deleted meanwhile
                                ownEphemerals.add(path);
                            }
                        }
                        boolean held = reliedOn.stream().allMatch(Fence::written);
                        if (!held) {
                            forgetAll(puts, answer); // the overwrite may have landed in another session's znode
                        }
                        answer.complete(held);
                    },
                    ops.toArray(new CuratorOp[0]));
        } catch (Exception e) {
            forgetAll(puts, answer);
            answer.complete(false); // not queued (the client is closing): the careful path says why
        }
        return answer;
    }

    /** Whether a queued write this term's answer relies on was written; its answer came first (one session's order). */
    private static boolean written(CompletableFuture<Boolean> queued) {
        return queued.isDone() && !queued.isCompletedExceptionally() && Boolean.TRUE.equals(queued.join());
    }

    /** {@code path} is being deleted: not this term's ephemeral, nor one a queued create makes its own. */
    private void notOwned(String path) {
        ownEphemerals.remove(path);
        creating.remove(path);
    }

    /** {@code puts} were not written as guessed: nothing about them is assumed any more. */
    private void forgetAll(List<Put> puts, CompletableFuture<Boolean> answer) {
        for (Put p : puts) {
            if (p.ephemeral()) {
                creating.remove(p.path(), answer);
                ownEphemerals.remove(p.path());
            } else {
                present.remove(p.path());
            }
        }
    }

    /**
     * A term's last writes before it hands its group over, fenced, without waiting for the answers: deletes each of
     * {@code withdrawn} where it exists, then overwrites {@code last} (which exists). ZooKeeper applies a session's
     * requests in order and they are queued back to back, so they take about one round trip in all, and what this node
     * sends afterwards (its election's release) lands after them: nobody waits on them (issue 14: one round trip on a
     * planned move's pause instead of one per resource). {@code failed} hears why something was not written (fenced,
     * or {@code last} missing), on ZooKeeper's event thread.
     */
    public void leaveInBackground(Collection<String> withdrawn, Put last, Consumer<String> failed) {
        try {
            for (String path : new LinkedHashSet<>(withdrawn)) {
                notOwned(path);
                present.put(path, false);
                deleteInBackground(path, failed);
            }
            inTermInBackground(
                    code -> failed.accept(code + " for " + last.path()),
                    client.transactionOp().setData().forPath(last.path(), last.data()));
        } catch (Exception e) {
            failed.accept(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Deletes {@code path} in this term, in the background; its being gone already is what was wanted. */
    private void deleteInBackground(String path, Consumer<String> failed) throws Exception {
        inTermInBackground(
                code -> {
                    if (code != KeeperException.Code.NONODE) {
                        failed.accept(code + " for " + path);
                    }
                },
                client.transactionOp().delete().forPath(path));
    }

    /**
     * Queues {@code ops} in one multi-op that first checks this term's epoch; {@code notOk} hears the result when it is
     * not OK (BADVERSION: another term began), on ZooKeeper's event thread.
     */
    private void inTermInBackground(Consumer<KeeperException.Code> notOk, CuratorOp... ops) throws Exception {
        inTermInBackground(notOk, () -> {}, ops);
    }

    /** {@link #inTermInBackground(Consumer, CuratorOp...)}, and {@code ok} hears when they were written. */
    private void inTermInBackground(Consumer<KeeperException.Code> notOk, Runnable ok, CuratorOp... ops)
            throws Exception {
        List<CuratorOp> all = new ArrayList<>(ops.length + 1);
        all.add(client.transactionOp().check().withVersion(epochVersion).forPath(epochPath));
        all.addAll(List.of(ops));
        client.transaction()
                .inBackground((c, event) -> {
                    KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
                    if (code != KeeperException.Code.OK) {
                        notOk.accept(code);
                    } else {
                        ok.run();
                    }
                })
                .forOperations(all);
    }

    /**
     * The operation that writes {@code p} as this term knows or guesses its znode: an overwrite unless known absent (a
     * persistent one) or not this term's own (an ephemeral), a create otherwise.
     */
    private CuratorOp asGuessed(Put p) throws Exception {
        boolean exists =
                p.ephemeral() ? ownEphemerals.contains(p.path()) : present.getOrDefault(p.path(), Boolean.TRUE);
        return exists
                ? client.transactionOp().setData().forPath(p.path(), p.data())
                : client.transactionOp().create().withMode(mode(p)).forPath(p.path(), p.data());
    }

    private static CreateMode mode(Put p) {
        return p.ephemeral() ? CreateMode.EPHEMERAL : CreateMode.PERSISTENT;
    }

    /** Creates or overwrites a persistent znode, if this term is still current. */
    public void put(String path, byte[] data) {
        write(path, data, CreateMode.PERSISTENT);
    }

    /** Creates or overwrites an ephemeral znode (it vanishes with this node's session), if this term is current. */
    public void putEphemeral(String path, byte[] data) {
        write(path, data, CreateMode.EPHEMERAL);
    }

    /**
     * Takes a queued request for this term: rewrites it unchanged if its version is still {@code version}, which an
     * administrator's withdrawal (a delete of the unclaimed version) can then no longer undo. Exactly one of the two
     * wins (issue 9 item 8).
     *
     * @return false when the request was withdrawn or changed since it was read
     * @throws FencedException when this term is no longer current
     */
    public boolean claim(String path, int version, byte[] data) {
        return Zk.call(() -> {
            try {
                inTerm(client.transactionOp().setData().withVersion(version).forPath(path, data));
                return true;
            } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
                Stat epochStat = client.checkExists().forPath(epochPath);
                if (epochStat == null || epochStat.getVersion() != epochVersion) {
                    throw fenced(path);
                }
                return false;
            }
        });
    }

    /** Deletes a znode if it exists, if this term is still current. */
    public void delete(String path) {
        notOwned(path);
        present.put(path, false);
        Zk.call(() -> {
            try {
                inTerm(client.transactionOp().delete().forPath(path));
            } catch (KeeperException.BadVersionException e) {
                throw fenced(path);
            } catch (KeeperException.NoNodeException e) {
                // The znode is already gone (the goal), or the epoch znode is: then this term is over.
                if (client.checkExists().forPath(epochPath) == null) {
                    throw fenced(path);
                }
            }
            return null;
        });
    }

    /**
     * Deletes {@code paths} in one multi-op if this term is still current: the znodes a resource going offline
     * withdraws (what it published, its network names), one round trip instead of one each. When one of them is
     * already gone, each is deleted on its own ({@link #delete}).
     */
    public void deleteAll(List<String> paths) {
        if (paths.size() <= 1) {
            paths.forEach(this::delete);
            return;
        }
        paths.forEach(this::notOwned);
        paths.forEach(p -> present.put(p, false));
        boolean deleted = Zk.call(() -> {
            List<CuratorOp> ops = new ArrayList<>();
            for (String path : paths) {
                ops.add(client.transactionOp().delete().forPath(path));
            }
            try {
                inTerm(ops.toArray(new CuratorOp[0]));
                return true;
            } catch (KeeperException.BadVersionException e) {
                throw fenced(paths.get(0));
            } catch (KeeperException.NoNodeException e) {
                return false;
            }
        });
        if (!deleted) {
            paths.forEach(this::delete);
        }
    }

    private void write(String path, byte[] data, CreateMode mode) {
        write(path, data, mode, 3);
    }

    private void write(String path, byte[] data, CreateMode mode, int attempts) {
        Zk.call(() -> {
            boolean knownAbsent = mode == CreateMode.PERSISTENT && Boolean.FALSE.equals(present.get(path));
            if (!knownAbsent
                    && (mode == CreateMode.PERSISTENT || ownEphemerals.contains(path))
                    && overwrite(path, data)) {
                return null;
            }
            if (createDirectly(path, data, mode)) {
                if (mode == CreateMode.PERSISTENT) {
                    present.put(path, true);
                }
                return null;
            }
            ensureParent(path);
            Stat stat = client.checkExists().forPath(path);
            try {
                if (stat == null) {
                    inTerm(client.transactionOp().create().withMode(mode).forPath(path, data));
                } else if (mode == CreateMode.EPHEMERAL && stat.getEphemeralOwner() != sessionId()) {
                    // An ephemeral left by an earlier owner's session: replace it, so it lives and dies with ours.
                    inTerm(
                            client.transactionOp().delete().forPath(path),
                            client.transactionOp().create().withMode(mode).forPath(path, data));
                } else {
                    inTerm(client.transactionOp().setData().forPath(path, data));
                }
                if (mode == CreateMode.EPHEMERAL) {
                    ownEphemerals.add(path);
                } else {
                    present.put(path, true);
                }
            } catch (KeeperException.BadVersionException e) {
                throw fenced(path);
            } catch (KeeperException.NoNodeException | KeeperException.NodeExistsException e) {
                present.remove(path);
                if (attempts <= 1) {
                    throw fenced(path); // the epoch znode itself is gone, or the path keeps changing under us
                }
                write(path, data, mode, attempts - 1); // changed between our look and our write: look again
            }
            return null;
        });
    }

    /**
     * Creates {@code path} in this term in one round trip: the usual case of a network name a term registers (its last
     * registration went with the previous owner's session or was withdrawn), or of what a resource publishes after the
     * previous owner withdrew it. False when it exists (an earlier session's ephemeral, or ours from before), or its
     * parent or the epoch znode is missing: the careful path tells which.
     */
    private boolean createDirectly(String path, byte[] data, CreateMode mode) throws Exception {
        try {
            inTerm(client.transactionOp().create().withMode(mode).forPath(path, data));
            if (mode == CreateMode.EPHEMERAL) {
                ownEphemerals.add(path);
            }
            return true;
        } catch (KeeperException.BadVersionException e) {
            throw fenced(path);
        } catch (KeeperException.NoNodeException | KeeperException.NodeExistsException e) {
            return false;
        }
    }

    /**
     * Overwrites {@code path} if it exists, in this term: most puts overwrite a znode this term or an earlier one wrote
     * (the group's status on every resource state change), and this is one round trip, not the three of the careful
     * path (issue 14: a failover's chain of status writes). False when the znode is absent, or the epoch znode is
     * gone: the careful path tells which.
     */
    private boolean overwrite(String path, byte[] data) throws Exception {
        try {
            inTerm(client.transactionOp().setData().forPath(path, data));
            return true;
        } catch (KeeperException.BadVersionException e) {
            throw fenced(path);
        } catch (KeeperException.NoNodeException e) {
            return false;
        }
    }

    /**
     * Commits {@code ops} in one multi-op that first checks the epoch znode still has this term's version: a
     * {@link KeeperException.BadVersionException} (or NoNode, the epoch znode gone) means another term began.
     */
    private void inTerm(CuratorOp... ops) throws Exception {
        List<CuratorOp> all = new ArrayList<>(ops.length + 1);
        all.add(client.transactionOp().check().withVersion(epochVersion).forPath(epochPath));
        all.addAll(List.of(ops));
        client.transaction().forOperations(all);
    }

    private long sessionId() throws Exception {
        return client.getZookeeperClient().getZooKeeper().getSessionId();
    }

    private void ensureParent(String path) throws Exception {
        String parent = path.substring(0, path.lastIndexOf('/'));
        if (!parent.isEmpty() && client.checkExists().forPath(parent) == null) {
            try {
                client.create().creatingParentsIfNeeded().forPath(parent);
            } catch (KeeperException.NodeExistsException e) {
                return; // created concurrently: what we wanted
            }
        }
    }

    private FencedException fenced(String path) {
        return new FencedException("Write to " + path + " refused: ownership epoch " + epoch + " is no longer current");
    }
}
