package org.entsso.sso.mss;

import java.util.Optional;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.CheckpointBundle;
import org.entsso.sso.crypto.CryptoCheckpoint;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.NodeSecretStore;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;

/**
 * Finds the keyring a new master secret server term starts with (DESIGN.md decision 5): the node's secret store
 * first; the crypto checkpoint sealed for this node's key when the store is empty, or when the store is stale (its
 * current MSID is not the database's, because the secret was generated or restored on another node while this one was
 * a standby) and the checkpoint holds the database's current MSID. A keyring taken from the checkpoint is saved to the
 * secret store. Stateless apart from its collaborators; one call per Online.
 */
final class KeyringLoader {
    private static final Logger LOG = LogManager.getLogger(KeyringLoader.class);

    private KeyringLoader() {}

    /**
     * The keyring to serve, and whether the database already had a current MSID (a fresh SSO system has none yet);
     * throws {@link SsoException} NO_SECRETS_FOUND (10520) when there is no keyring here.
     */
    record Loaded(Keyring keyring, boolean databaseHasCurrent) {}

    static Loaded load(ResourceContext ctx, NodeSecretStore secretStore, SsoStore store) {
        Optional<UUID> dbCurrent =
                store.read((StoreSession s) -> s.globalInfo().get().currentMsid());
        return new Loaded(keyring(ctx, secretStore, dbCurrent), dbCurrent.isPresent());
    }

    private static Keyring keyring(ResourceContext ctx, NodeSecretStore secretStore, Optional<UUID> dbCurrent) {
        if (secretStore.hasKeyring()) {
            Keyring stored = secretStore.keyring();
            if (dbCurrent.isEmpty() || stored.current().msid().equals(dbCurrent.get())) {
                return stored;
            }
            Optional<Keyring> newer = fromCheckpoint(ctx, secretStore)
                    .filter(k -> closeUnless(k, k.current().msid().equals(dbCurrent.get())));
            if (newer.isPresent()) {
                LOG.info(
                        "The secret store of {} holds {} but the database's current MSID is {}; using the crypto"
                                + " checkpoint, which holds it",
                        ctx.nodeName(),
                        stored,
                        dbCurrent.get());
                stored.close();
                secretStore.saveKeyring(newer.get());
                return newer.get();
            }
            LOG.warn(
                    "The secret store of {} holds {} but the database's current MSID is {}, and no crypto checkpoint"
                            + " for this node holds it; restore the current secret here",
                    ctx.nodeName(),
                    stored,
                    dbCurrent.get());
            return stored;
        }
        Optional<Keyring> checkpoint = fromCheckpoint(ctx, secretStore);
        if (checkpoint.isPresent()) {
            secretStore.saveKeyring(checkpoint.get());
            LOG.info("Node {} took {} from the crypto checkpoint sealed for its key", ctx.nodeName(), checkpoint.get());
            return checkpoint.get();
        }
        throw new SsoException(
                SsoError.NO_SECRETS_FOUND,
                "Node " + ctx.nodeName()
                        + " has no keyring in its secret store and no crypto checkpoint for it; restore the secret here.");
    }

    /** This node's entry of the restored checkpoint bundle (or a bare checkpoint, the earlier format), opened. */
    private static Optional<Keyring> fromCheckpoint(ResourceContext ctx, NodeSecretStore secretStore) {
        return ctx.restoredCheckpoint().flatMap(data -> open(data, secretStore, ctx.nodeName()));
    }

    /**
     * This node's entry of a checkpoint's data (a bundle, or a bare checkpoint, the earlier format), opened with the
     * node key; empty, with a warning, when it has no entry for this node or the entry cannot be opened.
     */
    static Optional<Keyring> open(byte[] data, NodeSecretStore secretStore, String nodeName) {
        String mine = CryptoCheckpoint.fingerprint(secretStore.nodePublicKey());
        try {
            byte[] sealed;
            try {
                sealed = CheckpointBundle.decode(data).entryFor(mine).orElse(null);
            } catch (SsoException notABundle) {
                sealed = data;
            }
            if (sealed == null) {
                LOG.warn("The crypto checkpoint has no entry for node {}", nodeName);
                return Optional.empty();
            }
            return Optional.of(secretStore.openCheckpoint(sealed));
        } catch (SsoException e) {
            LOG.warn("Node {} cannot open the crypto checkpoint: {}", nodeName, e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean closeUnless(Keyring k, boolean keep) {
        if (!keep) {
            k.close();
        }
        return keep;
    }
}
