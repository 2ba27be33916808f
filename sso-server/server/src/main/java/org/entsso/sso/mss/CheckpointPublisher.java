package org.entsso.sso.mss;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.CheckpointBundle;
import org.entsso.sso.crypto.CryptoCheckpoint;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.NodeSecretStore;
import org.entsso.sso.store.SsoStore;

/**
 * Keeps the ENTSSO group's checkpoint holding the keyring sealed for every possible owner (DESIGN.md decision 5): a
 * {@link CheckpointBundle} with one {@link CryptoCheckpoint} per registered master-secret-server node key. Saved when
 * what it seals changed: the keyring's MSIDs or the set of keys. {@link #refresh} checks at once (Online, after a
 * generate or restore); {@link #refreshIfDue} at most every {@link SecretSettings#checkpointInterval()} (the periodic
 * check from IsAlive, which picks up a node that registered later).
 *
 * <p>Thread-safe: the methods are synchronized; saving is fenced by the epoch in ZooKeeper.
 */
final class CheckpointPublisher {
    private static final Logger LOG = LogManager.getLogger(CheckpointPublisher.class);

    private final ResourceContext ctx;
    private final SsoStore store;
    private final Supplier<Keyring> keyrings;
    private final Duration interval;
    private final Clock clock;
    private String savedFor;
    private Instant lastCheck = Instant.MIN;

    CheckpointPublisher(ResourceContext ctx, SsoStore store, Supplier<Keyring> keyrings, Duration interval) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.store = Objects.requireNonNull(store, "store");
        this.keyrings = Objects.requireNonNull(keyrings, "keyrings");
        this.interval = interval;
        this.clock = Clock.systemUTC();
    }

    /** Re-seals and saves the bundle if the keyring or the possible owners changed since the last save. */
    synchronized void refresh(Keyring keyring) {
        lastCheck = clock.instant();
        List<PublicKey> owners = NodeKeys.possibleOwners(store);
        TreeSet<String> fingerprints = new TreeSet<>();
        owners.forEach(k -> fingerprints.add(CryptoCheckpoint.fingerprint(k)));
        String inputs = keyring.secrets() + " for " + fingerprints;
        if (inputs.equals(savedFor)) {
            return;
        }
        ctx.saveCheckpoint(CheckpointBundle.seal(keyring, owners).encode());
        savedFor = inputs;
        LOG.info(
                "Saved the crypto checkpoints of keyring {} for {} possible owner(s) of group {} (epoch {})",
                keyring.current().msid(),
                fingerprints.size(),
                ctx.groupName(),
                ctx.epoch());
    }

    /**
     * Whether the checkpoint this term restored already seals {@code keyring} for exactly the current possible owners
     * (the usual case after a move or failover: nothing changed since the last owner sealed it). Then nothing is
     * re-sealed until the keyring or the owners change. Opens only this node's own entry; a bundle is sealed in one
     * go for every owner, so the others hold the same keyring.
     */
    synchronized boolean adoptRestored(Keyring keyring, NodeSecretStore secretStore) {
        Optional<byte[]> restored = ctx.restoredCheckpoint();
        if (restored.isEmpty()) {
            return false;
        }
        TreeSet<String> fingerprints = new TreeSet<>();
        NodeKeys.possibleOwners(store).forEach(k -> fingerprints.add(CryptoCheckpoint.fingerprint(k)));
        try {
            CheckpointBundle bundle = CheckpointBundle.decode(restored.get());
            if (!new TreeSet<>(bundle.fingerprints()).equals(fingerprints)) {
                return false;
            }
            Optional<byte[]> mine = bundle.entryFor(CryptoCheckpoint.fingerprint(secretStore.nodePublicKey()));
            if (mine.isEmpty()) {
                return false;
            }
            try (Keyring sealed = secretStore.openCheckpoint(mine.get())) {
                if (!sealed.secrets().equals(keyring.secrets())) {
                    return false;
                }
            }
        } catch (SsoException e) {
            return false; // not a bundle (the earlier format) or not ours to open: seal a new one
        }
        lastCheck = clock.instant();
        savedFor = keyring.secrets() + " for " + fingerprints;
        return true;
    }

    /** {@link #refresh} with the current keyring, if the interval has passed since the last check. */
    synchronized void refreshIfDue() {
        if (Duration.between(lastCheck, clock.instant()).compareTo(interval) < 0) {
            return;
        }
        Keyring k = keyrings.get();
        if (k != null && !k.isClosed()) {
            refresh(k);
        }
    }
}
