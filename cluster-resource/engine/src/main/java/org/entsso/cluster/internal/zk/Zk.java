package org.entsso.cluster.internal.zk;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.entsso.cluster.ClusterUnavailableException;

/** Small ZooKeeper operations with our error translation: ZooKeeper problems become ClusterUnavailableException. */
public final class Zk {
    private final CuratorFramework client;

    public Zk(CuratorFramework client) {
        this.client = client;
    }

    public CuratorFramework client() {
        return client;
    }

    /** Data and version of a znode, if it exists. */
    public record Versioned(byte[] data, int version) {}

    public Optional<Versioned> read(String path) {
        return call(() -> {
            try {
                Stat stat = new Stat();
                byte[] data = client.getData().storingStatIn(stat).forPath(path);
                return Optional.of(new Versioned(data == null ? new byte[0] : data, stat.getVersion()));
            } catch (KeeperException.NoNodeException e) {
                return Optional.empty();
            }
        });
    }

    public <T> Optional<T> readJson(String path, Class<T> type) {
        return read(path).filter(v -> v.data().length > 0).map(v -> Json.read(v.data(), type));
    }

    public List<String> children(String path) {
        return call(() -> {
            try {
                return client.getChildren().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                return List.of();
            }
        });
    }

    /**
     * Deletes {@code path} if it was last modified more than {@code age} ago (answered requests nobody collected).
     */
    public void deleteIfOlder(String path, Duration age) {
        call(() -> {
            Stat stat = client.checkExists().forPath(path);
            if (stat != null && System.currentTimeMillis() - stat.getMtime() > age.toMillis()) {
                try {
                    client.delete().withVersion(stat.getVersion()).forPath(path);
                } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
                    return null; // collected or answered again meanwhile: not ours to delete any more
                }
            }
            return null;
        });
    }

    /** Rewrites {@code path} if its version is still {@code version}; returns false when it changed or is gone. */
    public boolean setIfVersion(String path, int version, byte[] data) {
        return call(() -> {
            try {
                client.setData().withVersion(version).forPath(path, data);
                return true;
            } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
                return false;
            }
        });
    }

    public boolean exists(String path) {
        return call(() -> client.checkExists().forPath(path) != null);
    }

    /** Creates (with parents) or overwrites a persistent znode. */
    public void put(String path, byte[] data) {
        call(() -> {
            try {
                client.setData().forPath(path, data);
            } catch (KeeperException.NoNodeException e) {
                try {
                    client.create().creatingParentsIfNeeded().forPath(path, data);
                } catch (KeeperException.NodeExistsException raced) {
                    client.setData().forPath(path, data);
                }
            }
            return null;
        });
    }

    /** Creates a persistent znode with parents unless it exists; returns whether it created it. */
    public boolean createIfAbsent(String path, byte[] data) {
        return call(() -> {
            try {
                client.create().creatingParentsIfNeeded().forPath(path, data);
                return true;
            } catch (KeeperException.NodeExistsException e) {
                return false;
            }
        });
    }

    /** Creates a znode of the given mode with parents; returns the actual path. */
    public String create(String path, CreateMode mode, byte[] data) {
        return call(
                () -> client.create().creatingParentsIfNeeded().withMode(mode).forPath(path, data));
    }

    public void delete(String path) {
        call(() -> {
            try {
                // Not guaranteed(): a background retry could later delete a znode that was re-created at the same path
                // (a new target, a node's new membership).
                client.delete().deletingChildrenIfNeeded().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                return null; // already gone: the outcome asked for
            }
            return null;
        });
    }

    /**
     * Reads, transforms and writes back with a version check, retrying on concurrent change (compare-and-set).
     * Creates the znode when absent (the function then receives null).
     */
    public byte[] update(String path, UnaryOperator<byte[]> change) {
        return call(() -> {
            while (true) {
                Optional<Versioned> current = read(path);
                byte[] next = change.apply(current.map(Versioned::data).orElse(null));
                try {
                    if (current.isPresent()) {
                        client.setData().withVersion(current.get().version()).forPath(path, next);
                    } else {
                        client.create().creatingParentsIfNeeded().forPath(path, next);
                    }
                    return next;
                } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException e) {
                    continue; // someone else changed it between our read and write: read again
                }
            }
        });
    }

    /** A ZooKeeper call whose failures become unchecked cluster exceptions. */
    @FunctionalInterface
    public interface ZkCall<T> {
        T run() throws Exception;
    }

    public static <T> T call(ZkCall<T> body) {
        try {
            return body.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException("Interrupted while talking to ZooKeeper", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ClusterUnavailableException("ZooKeeper call failed: " + e.getMessage(), e);
        }
    }
}
