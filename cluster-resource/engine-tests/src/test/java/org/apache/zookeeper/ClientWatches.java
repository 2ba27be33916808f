package org.apache.zookeeper;

import java.util.Map;
import java.util.Set;

/**
 * Counts the watchers a ZooKeeper client has registered, per watcher object rather than per path. ZooKeeper's own
 * {@code getChildWatches()} lists paths only, and the server keeps one watch per path and connection however many
 * watchers the client piles on it, so neither shows a leak of watchers on one path (issue 9 item 2). This class sits
 * in ZooKeeper's package to read the client's watch manager, which the client keeps package-private; a change there
 * breaks this test support at compile time, not silently. Test code only.
 */
public final class ClientWatches {
    private ClientWatches() {}

    /** The watchers of every kind registered on the paths that end with {@code pathSuffix}. */
    public static int count(ZooKeeper zooKeeper, String pathSuffix) {
        ZKWatchManager manager = zooKeeper.getWatchManager();
        return count(manager.getDataWatches(), pathSuffix)
                + count(manager.getExistWatches(), pathSuffix)
                + count(manager.getChildWatches(), pathSuffix)
                + count(manager.getPersistentWatches(), pathSuffix)
                + count(manager.getPersistentRecursiveWatches(), pathSuffix);
    }

    private static int count(Map<String, Set<Watcher>> watches, String pathSuffix) {
        int n = 0;
        for (Map.Entry<String, Set<Watcher>> e : watches.entrySet()) {
            if (e.getKey().endsWith(pathSuffix)) {
                n += e.getValue().size();
            }
        }
        return n;
    }
}
