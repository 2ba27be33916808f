package org.entsso.sso.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The SSO servers that report in. Bound to one transaction; not thread-safe. */
public interface SsoServerRepository {
    /** Records that a server is alive now (inserts it the first time). Idempotent. */
    SsoServerInfo heartbeat(String name, String version, String status);

    /** Finds a server by name. */
    Optional<SsoServerInfo> find(String name);

    /** Every server, by name. */
    List<SsoServerInfo> list();

    /**
     * Registers a node at startup: its roles and its node public key (X.509 DER, from its secret store), which the
     * master secret server seals crypto checkpoints for (DESIGN.md decision 5). Inserts the row the first time (with
     * version {@code version} and status {@code REGISTERED}), otherwise updates roles, key and last-seen time.
     * Idempotent.
     *
     * @param roles role labels such as {@code master-secret-server}; at most 64 characters joined with commas
     * @param publicKeyDer the node key, or null for a node without one (SSO-server-only)
     */
    NodeRegistration registerNode(String name, Set<String> roles, byte[] publicKeyDer, String version, Instant at);

    /** Every registered node whose roles include {@code role} and that has a public key, by name. */
    List<NodeRegistration> nodesWithRole(String role);

    /** Forgets a server; returns false when it was not known. */
    boolean remove(String name);
}
