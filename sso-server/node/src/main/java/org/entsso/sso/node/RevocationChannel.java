package org.entsso.sso.node;

import java.io.Closeable;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.zookeeper.KeeperException;
import org.entsso.cluster.ClusterConnection;
import org.entsso.sso.transport.RevocationList;

/**
 * Distributes the cluster CA's revocation list through ZooKeeper (issue 10): the znode {@value #PATH} (in the
 * cluster's namespace) holds the newest list any node has, DER-encoded. Every node watches it ({@link CuratorCache},
 * no polling) and offers what it holds to its {@link RevocationList}, which installs it if the cluster CA signed it and
 * it is newer than its own. Once a second each node also rereads its own {@code tls.crl} file and, when its list is
 * newer than the znode's (or there is none), writes it there, conditionally on the version it read, so an operator who
 * replaces the file on any one node revokes the certificates on all of them within about a second. A list nobody
 * signed, an older list, or a deleted znode changes nothing a node already holds.
 *
 * <p>It has its own ZooKeeper session, like {@link PurgeChannel}. Lifecycle LATENT -> STARTED -> CLOSED. Thread-safe.
 */
final class RevocationChannel implements Closeable {
    /** The znode, relative to the cluster's namespace. */
    static final String PATH = "/tls/crl";

    private static final Logger LOG = LogManager.getLogger(RevocationChannel.class);

    private enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    private final CuratorFramework client;
    private final RevocationList list;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "entsso-crl");
        t.setDaemon(true);
        return t;
    });
    private CuratorCache cache;
    private volatile String lastFailure = "";

    RevocationChannel(ClusterConnection connection, RevocationList list) {
        this.client = connection.newCuratorClient();
        this.list = list;
    }

    /** Connects (without waiting), watches the znode and starts publishing this node's list when it is newer. */
    void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("A revocation channel starts once");
        }
        client.start();
        cache = CuratorCache.build(client, PATH, CuratorCache.Options.SINGLE_NODE_CACHE);
        cache.listenable()
                .addListener(CuratorCacheListener.builder()
                        .forCreatesAndChanges((before, after) -> received(after))
                        .forInitialized(() -> LOG.debug("revocation list znode watched"))
                        .build());
        cache.start();
        long period = RevocationList.RECHECK.toMillis();
        timer.scheduleWithFixedDelay(this::publishIfNewer, period, period, TimeUnit.MILLISECONDS);
    }

    private void received(ChildData data) {
        if (data != null && data.getData() != null && data.getData().length > 0) {
            list.offer(data.getData(), "ZooKeeper " + PATH);
        }
    }

    /** Rereads the file and writes this node's list to the znode when the znode's is older or absent. */
    private void publishIfNewer() {
        try {
            list.refresh();
            Optional<byte[]> mine = list.encoded();
            if (mine.isEmpty() || !client.getZookeeperClient().isConnected()) {
                return;
            }
            Optional<ChildData> there = cache.get(PATH);
            if (there.isEmpty()) {
                client.create().creatingParentsIfNeeded().forPath(PATH, mine.get());
                LOG.info("revocation list published to ZooKeeper: {} certificates revoked", list.revokedCount());
            } else if (!Arrays.equals(there.get().getData(), mine.get())
                    && list.isOlderThanCurrent(there.get().getData())) {
                client.setData().withVersion(there.get().getStat().getVersion()).forPath(PATH, mine.get());
                LOG.info("revocation list updated in ZooKeeper: {} certificates revoked", list.revokedCount());
            }
            lastFailure = "";
        } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
            // Another node wrote first: the watch brings its list, and the next tick compares again.
            LOG.debug("another node published its revocation list first ({}); comparing again next tick", e.code());
        } catch (Exception e) { // Curator declares Exception; the next tick retries
            String failure = e.toString();
            if (!failure.equals(lastFailure)) { // once per distinct failure, not once a second
                LOG.warn("could not publish the revocation list to ZooKeeper (retrying every second): {}", failure);
                lastFailure = failure;
            }
        }
    }

    /** Stops watching and publishing. Idempotent. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        timer.shutdownNow();
        if (cache != null) {
            cache.close();
        }
        client.close();
    }

    @Override
    public String toString() {
        return "RevocationChannel[" + state.get() + ", " + list + "]";
    }
}
