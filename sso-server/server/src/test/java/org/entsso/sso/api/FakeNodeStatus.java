package org.entsso.sso.api;

import java.net.URI;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.KeyringStatus;
import org.entsso.sso.tls.NodeRole;

/**
 * A node view a test sets field by field; the keyring comes from a real {@link KeyringHolder}. Fields are volatile
 * because the server reads them on its worker threads.
 */
final class FakeNodeStatus implements NodeStatusSource {
    volatile KeyringHolder keyrings;
    volatile boolean active;
    volatile boolean reachable = true;
    volatile Optional<URI> endpoint = Optional.of(URI.create("https://127.0.0.1:7443"));
    volatile Optional<Instant> lastRefresh = Optional.of(Instant.parse("2026-11-27T11:59:00Z"));
    volatile Optional<String> lastError = Optional.empty();
    volatile List<SsoServer> ssoServers = List.of(new SsoServer("node1", URI.create("https://127.0.0.1:7443")));

    @Override
    public String nodeName() {
        return "node1";
    }

    @Override
    public Set<NodeRole> roles() {
        return EnumSet.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER);
    }

    @Override
    public boolean activeMasterSecretServer() {
        return active;
    }

    @Override
    public MasterSecretServer masterSecretServer() {
        return new MasterSecretServer(
                "ENTSSO",
                endpoint,
                endpoint.isPresent() ? OptionalLong.of(ApiFixture.EPOCH) : OptionalLong.empty(),
                reachable);
    }

    @Override
    public Optional<KeyringStatus> keyring() {
        return keyrings.status();
    }

    @Override
    public Optional<Instant> lastKeyringRefresh() {
        return lastRefresh;
    }

    @Override
    public Optional<String> lastKeyringError() {
        return lastError;
    }

    @Override
    public List<SsoServer> ssoServers() {
        return ssoServers;
    }
}
