package org.entsso.cluster;

/**
 * The base of every exception the cluster resource engine raises. Messages are one sentence an operator can act on;
 * the cause is always kept.
 */
public class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
