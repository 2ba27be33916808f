package org.entsso.cluster.internal;

import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;

/** Placeholder while the engine is written; replaced in the next commit. */
public final class ZkClusterAdmin {
    private ZkClusterAdmin() {}

    public static ClusterAdmin connect(ClusterConnection connection) {
        throw new UnsupportedOperationException("engine not written yet");
    }
}
