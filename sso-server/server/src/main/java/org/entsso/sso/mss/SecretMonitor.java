package org.entsso.sso.mss;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.sso.SsoError;
import org.entsso.sso.crypto.SecretInfo;
import org.entsso.sso.store.GlobalInfo;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.SecretMetadata;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;

/**
 * What the database says about the master secret server's secrets: records a fresh cluster's first secret on Online,
 * answers the secret status, and raises ENTSSO's 10589 warning while the current secret has no backup (event 10589
 * "nags until a backup exists", anchors/entsso.md §2). Thread-safe: stateless apart from its collaborators.
 */
final class SecretMonitor {
    private static final Logger LOG = LogManager.getLogger(SecretMonitor.class);

    private final ResourceContext ctx;
    private final SsoStore store;
    private final MssKeyring keyrings;

    SecretMonitor(ResourceContext ctx, SsoStore store, MssKeyring keyrings) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.store = Objects.requireNonNull(store, "store");
        this.keyrings = Objects.requireNonNull(keyrings, "keyrings");
    }

    /**
     * On Online, fenced: makes the keyring's secrets known in {@code secret_metadata} and, in a database that has no
     * current MSID yet (a fresh SSO system), records this keyring's as current. Then warns if it has no backup.
     */
    void recordOnline() {
        List<SecretInfo> secrets = keyrings.withKeyring(k -> k.secrets());
        store.asMasterSecretServer(ctx.epoch(), Idempotency.IDEMPOTENT, (StoreSession tx) -> {
            secrets.forEach(info -> tx.secrets().register(info.msid()));
            if (tx.globalInfo().get().currentMsid().isEmpty()) {
                tx.globalInfo().setCurrentMsid(secrets.get(0).msid());
            }
            return null;
        });
        warnIfNotBackedUp();
    }

    /** Logs the 10589 warning at WARN if the current secret has never been backed up. */
    void warnIfNotBackedUp() {
        UUID current = keyrings.withKeyring(k -> k.current().msid());
        if (backupWarning(current).isPresent()) {
            LOG.warn(
                    "[{}] {} (master secret server {}, current MSID {})",
                    SsoError.SECRET_NOT_BACKED_UP.code(),
                    SsoError.SECRET_NOT_BACKED_UP.format(null),
                    ctx.nodeName(),
                    current);
        }
    }

    /** The secret status as {@code GET /v1/sys/secret} shows it. */
    SecretStatus status() {
        List<SecretInfo> secrets = keyrings.withKeyring(k -> k.secrets());
        SecretInfo current = secrets.get(0);
        return store.read((StoreSession s) -> {
            GlobalInfo global = s.globalInfo().get();
            Optional<SecretMetadata> meta = s.secrets().find(current.msid());
            Optional<Instant> lastBackup = meta.flatMap(SecretMetadata::lastBackupAt);
            Optional<UUID> source = global.reencryption().sourceMsid();
            boolean running = global.reencryption().running();
            return new SecretStatus(
                    current.msid(),
                    current.created(),
                    secrets.size() > 1 ? Optional.of(secrets.get(1).msid()) : Optional.empty(),
                    lastBackup,
                    lastBackup.isPresent() ? Optional.empty() : Optional.of(SsoError.SECRET_NOT_BACKED_UP.format(null)),
                    running ? "RUNNING" : "IDLE",
                    running ? source : Optional.empty(),
                    running && source.isPresent() ? s.reencryption().count(source.get()) : 0,
                    ctx.epoch());
        });
    }

    private Optional<String> backupWarning(UUID current) {
        Optional<SecretMetadata> meta =
                store.read((StoreSession s) -> s.secrets().find(current));
        return meta.flatMap(SecretMetadata::lastBackupAt).isPresent()
                ? Optional.empty()
                : Optional.of(SsoError.SECRET_NOT_BACKED_UP.format(null));
    }
}
