package org.entsso.cluster;

/**
 * ZooKeeper could not be reached over TLS because of the certificates: the client's TLS files cannot be used, the
 * ensemble refused the client's certificate, or the client does not trust the server's. Retrying does not help;
 * changing the files does.
 */
public class ClusterTlsException extends ClusterUnavailableException {
    private static final long serialVersionUID = 1L;

    public ClusterTlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
