package org.entsso.cluster;

/** ZooKeeper could not be reached, or the cluster's state could not be read or written in time. */
public class ClusterUnavailableException extends ClusterException {
    private static final long serialVersionUID = 1L;

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
