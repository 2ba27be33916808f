package org.entsso.sso.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A node as registered in {@code sso_server}: its roles and, for nodes that may own the ENTSSO group, the public key
 * the master secret server seals crypto checkpoints for. Nothing here is secret. Immutable.
 *
 * @param name the node's name
 * @param roles its role labels, e.g. {@code master-secret-server}
 * @param publicKeyDer its node public key (X.509 SubjectPublicKeyInfo DER), if registered with one
 * @param lastSeen when it last registered or reported
 */
public record NodeRegistration(String name, Set<String> roles, Optional<byte[]> publicKeyDer, Instant lastSeen) {
    public NodeRegistration {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        publicKeyDer = publicKeyDer.map(byte[]::clone);
    }

    /** A copy of the key bytes, if any. */
    @Override
    public Optional<byte[]> publicKeyDer() {
        return publicKeyDer.map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "NodeRegistration[" + name + ", roles=" + roles + ", key=" + publicKeyDer.isPresent() + ", lastSeen="
                + lastSeen + "]";
    }
}
