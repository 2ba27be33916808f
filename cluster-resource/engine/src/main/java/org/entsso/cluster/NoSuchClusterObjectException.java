package org.entsso.cluster;

/** A node, group or resource name that the cluster does not know. */
public class NoSuchClusterObjectException extends ClusterException {
    private static final long serialVersionUID = 1L;

    public NoSuchClusterObjectException(String kind, String name) {
        super("The cluster " + kind + " '" + name + "' was not found.");
    }
}
