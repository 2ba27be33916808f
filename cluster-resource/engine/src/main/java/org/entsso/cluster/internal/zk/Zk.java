package org.entsso.cluster.internal.zk;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.entsso.cluster.ClusterUnavailableException;

/** Small ZooKeeper operations with our error translation: ZooKeeper problems become ClusterUnavailableException. */
public final class Zk {
    /** How long {@link #readAll} waits for pipelined answers before it reads one by one. */
    private static final Duration PIPELINED_READ_TIMEOUT = Duration.ofSeconds(10);

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
        return call(() -> readOrEmpty(client, path));
    }

    /** One znode's data and version, or empty when it does not exist; ZooKeeper's own exceptions untranslated. */
    public static Optional<Versioned> readOrEmpty(CuratorFramework client, String path) throws Exception {
        try {
            Stat stat = new Stat();
            byte[] data = client.getData().storingStatIn(stat).forPath(path);
            return Optional.of(new Versioned(data == null ? new byte[0] : data, stat.getVersion()));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
    }

    public <T> Optional<T> readJson(String path, Class<T> type) {
        return read(path).filter(v -> v.data().length > 0).map(v -> Json.read(v.data(), type));
    }

    /**
     * Reads several znodes at once: the requests are pipelined on the session, so the answer takes about one round
     * trip instead of one per znode (issue 14: a new owner's decision read some twenty znodes one after another). Each
     * path maps to its data and version, or empty when it does not exist. On ZooKeeper's event thread, or when a
     * pipelined read fails for another reason than a missing znode, it reads them one by one instead (a read waiting
     * on the event thread for a callback that thread must deliver would never end).
     */
    public Map<String, Optional<Versioned>> readAll(Collection<String> paths) {
        Map<String, Optional<Versioned>> result = new LinkedHashMap<>();
        if (paths.size() > 1 && !Thread.currentThread().getName().endsWith("-EventThread")) {
            try {
                Map<String, CompletableFuture<Optional<Versioned>>> pending = new LinkedHashMap<>();
                for (String path : paths) {
                    pending.computeIfAbsent(path, this::readInBackground);
                }
                long deadline = System.nanoTime() + PIPELINED_READ_TIMEOUT.toNanos();
                for (Map.Entry<String, CompletableFuture<Optional<Versioned>>> e : pending.entrySet()) {
                    long left = Math.max(0, deadline - System.nanoTime());
                    result.put(e.getKey(), e.getValue().get(left, TimeUnit.NANOSECONDS));
                }
                return result;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterUnavailableException("Interrupted while talking to ZooKeeper", e);
            } catch (Exception e) {
                result.clear(); // read them one by one below, with the usual error translation
            }
        }
        for (String path : paths) {
            result.put(path, read(path));
        }
        return result;
    }

    private CompletableFuture<Optional<Versioned>> readInBackground(String path) {
        return readInBackground(client, path);
    }

    /**
     * Queues a read of {@code path} on {@code client}'s session and returns its answer to come: ZooKeeper answers a
     * session's requests in order, so a read queued after a write sees it. Empty when the znode does not exist.
     */
    public static CompletableFuture<Optional<Versioned>> readInBackground(CuratorFramework client, String path) {
        CompletableFuture<Optional<Versioned>> answer = new CompletableFuture<>();
        try {
            client.getData()
                    .inBackground((c, event) -> {
                        KeeperException.Code code = KeeperException.Code.get(event.getResultCode());
                        if (code == KeeperException.Code.OK) {
                            byte[] data = event.getData();
                            answer.complete(Optional.of(new Versioned(
                                    data == null ? new byte[0] : data,
                                    event.getStat().getVersion())));
                        } else if (code == KeeperException.Code.NONODE) {
                            answer.complete(Optional.empty());
                        } else {
                            answer.completeExceptionally(KeeperException.create(code, path));
                        }
                    })
                    .forPath(path);
        } catch (Exception e) {
            answer.completeExceptionally(e);
        }
        return answer;
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
