package org.entsso.sso.tls;

/** Who a cluster certificate was issued to; written into the subject as {@code OU=<label>}. */
public enum CertificateKind {
    /** A cluster node; also carries its {@link NodeRole}s. TLS server and client. */
    NODE("node"),
    /** An SSO administrator running the command lines. TLS client only. */
    ADMIN("admin"),
    /** A host instance or end user of the client library. TLS client only. */
    CLIENT("client"),
    /**
     * A server of the ZooKeeper ensemble: TLS server to the nodes and admins, and server and client to its peers
     * (quorum TLS). Never a caller of the SSO servers: they refuse it (sso-server/docs/transport.md).
     */
    ZOOKEEPER("zookeeper"),
    /**
     * The SSO database server's TLS front (the H2 server process's tunnel): TLS server only, so that its key cannot
     * call a node, and no node certificate can pose as the database.
     */
    DATABASE("database");

    private final String label;

    CertificateKind(String label) {
        this.label = label;
    }

    /** The {@code OU} value in certificates. */
    public String label() {
        return label;
    }
}
