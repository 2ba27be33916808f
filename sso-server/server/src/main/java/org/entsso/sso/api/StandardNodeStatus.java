package org.entsso.sso.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.KeyringRefresher;
import org.entsso.sso.server.KeyringStatus;
import org.entsso.sso.tls.NodeRole;

/** {@link NodeStatusSource#of}: reads the node's components on each call. Thread-safe. */
final class StandardNodeStatus implements NodeStatusSource {
    private final String nodeName;
    private final Set<NodeRole> roles;
    private final String networkName;
    private final Supplier<Optional<Map<String, String>>> published;
    private final BooleanSupplier zooKeeperConnected;
    private final BooleanSupplier active;
    private final KeyringHolder keyrings;
    private final KeyringRefresher refresher;
    private final Supplier<List<SsoServer>> ssoServers;

    StandardNodeStatus(
            String nodeName,
            Set<NodeRole> roles,
            String networkName,
            Supplier<Optional<Map<String, String>>> published,
            BooleanSupplier zooKeeperConnected,
            BooleanSupplier active,
            KeyringHolder keyrings,
            KeyringRefresher refresher,
            Supplier<List<SsoServer>> ssoServers) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.roles = Set.copyOf(roles);
        this.networkName = Objects.requireNonNull(networkName, "networkName");
        this.published = Objects.requireNonNull(published, "published");
        this.zooKeeperConnected = Objects.requireNonNull(zooKeeperConnected, "zooKeeperConnected");
        this.active = Objects.requireNonNull(active, "active");
        this.keyrings = Objects.requireNonNull(keyrings, "keyrings");
        this.refresher = Objects.requireNonNull(refresher, "refresher");
        this.ssoServers = Objects.requireNonNull(ssoServers, "ssoServers");
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public Set<NodeRole> roles() {
        return roles;
    }

    @Override
    public boolean activeMasterSecretServer() {
        // Without ZooKeeper no ownership can be proven (DESIGN.md decision 2: SUSPENDED ends leader-only work).
        return zooKeeperConnected.getAsBoolean() && active.getAsBoolean();
    }

    @Override
    public MasterSecretServer masterSecretServer() {
        Map<String, String> mss;
        try {
            mss = published.get().orElse(Map.of());
        } catch (RuntimeException e) {
            // ZooKeeper unavailable: report no published master secret server rather than fail the status.
            mss = Map.of();
        }
        Optional<URI> endpoint = Optional.ofNullable(mss.get("Endpoint")).flatMap(StandardNodeStatus::uri);
        OptionalLong epoch = epoch(mss.get("Epoch"));
        // Issue 9: with the quorum lost every node said 429 for 11 s from the name it saw before; without a live
        // ZooKeeper connection nothing says a master secret server is online, so it is not reported reachable.
        boolean reachable = endpoint.isPresent()
                && zooKeeperConnected.getAsBoolean()
                && keyrings.hasKeyring()
                && refresher.lastError().isEmpty();
        return new MasterSecretServer(networkName, endpoint, epoch, reachable);
    }

    private static Optional<URI> uri(String text) {
        try {
            return Optional.of(URI.create(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static OptionalLong epoch(String text) {
        try {
            return text == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public Optional<KeyringStatus> keyring() {
        return keyrings.status();
    }

    @Override
    public Optional<Instant> lastKeyringRefresh() {
        return refresher.lastRefresh();
    }

    @Override
    public Optional<String> lastKeyringError() {
        return refresher.lastError();
    }

    @Override
    public String toString() {
        return "NodeStatusSource[" + nodeName + ", " + networkName + "]";
    }

    @Override
    public List<SsoServer> ssoServers() {
        return ssoServers.get();
    }
}
