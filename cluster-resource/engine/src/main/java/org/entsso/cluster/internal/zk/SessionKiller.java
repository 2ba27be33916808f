package org.entsso.cluster.internal.zk;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ConnectStringParser;
import org.apache.zookeeper.client.StaticHostProvider;
import org.entsso.cluster.ClusterUnavailableException;

/**
 * Expires a client's session on the ZooKeeper server, as happens when a crashed node's session times out: a second
 * handle opened with the same session id and password is closed, so the server deletes the session and its ephemeral
 * znodes (the technique of Helix's {@code ZkTestHelper.expireSession}, anchors/java-anchors.md §1.4).
 */
public final class SessionKiller {
    private SessionKiller() {}

    /**
     * Expires {@code client}'s current session server-side; returns when the client's handle has seen it end. Tries
     * up to three times: a duplicate handle that lands on a server which has not yet caught up with the session can
     * close without expiring it.
     */
    public static void expire(CuratorFramework client) {
        try {
            ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
            long sessionId = zk.getSessionId();
            for (int attempt = 1; attempt <= 3; attempt++) {
                closeDuplicate(client, zk, sessionId);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (System.nanoTime() < until) {
                    // Expired shows as the old handle closing (Curator then opens a new one).
                    if (!zk.getState().isAlive() || zk.getSessionId() != sessionId) {
                        return;
                    }
                    TimeUnit.MILLISECONDS.sleep(10);
                }
            }
            throw new ClusterUnavailableException("The session did not expire after three attempts", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException("Interrupted while expiring a session", e);
        } catch (ClusterUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new ClusterUnavailableException("Could not expire the session: " + e.getMessage(), e);
        }
    }

    private static void closeDuplicate(CuratorFramework client, ZooKeeper zk, long sessionId) throws Exception {
        String connect = client.getZookeeperClient().getCurrentConnectionString();
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher = event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        // The same client configuration as the original handle: over TLS, the same certificate.
        ZooKeeper duplicate = new ZooKeeper(
                connect,
                zk.getSessionTimeout(),
                watcher,
                sessionId,
                zk.getSessionPasswd(),
                false,
                new StaticHostProvider(new ConnectStringParser(connect).getServerAddresses()),
                zk.getClientConfig());
        try {
            if (!connected.await(10, TimeUnit.SECONDS)) {
                throw new ClusterUnavailableException(
                        "Could not open a second handle on the session to expire it", null);
            }
        } finally {
            duplicate.close();
        }
    }
}
