package org.entsso.cluster;

/** A group, resource, property or dependency definition that the engine refuses, with the reason. */
public class InvalidClusterConfigurationException extends ClusterException {
    private static final long serialVersionUID = 1L;

    public InvalidClusterConfigurationException(String message) {
        super(message);
    }

    public InvalidClusterConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
