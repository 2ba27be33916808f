package org.entsso.sso.mss;

import java.io.Closeable;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.sso.crypto.BackupFile;
import org.entsso.sso.crypto.Keyring;

/**
 * The secret side of one master secret server term, assembled in one place so that {@link
 * MasterSecretServiceInstance} only wires it in: the swappable keyring, the secret operations and their endpoints,
 * background re-encryption, the crypto checkpoints and the 10589 warning.
 *
 * <p>Use: {@link #load}, {@link #mount} the routes on the term attached to the node's endpoint, then {@link
 * #online(URI, OnlineSteps)}; {@link #tick()} from IsAlive; {@link #close()} on Offline/Terminate (stops re-encryption, zeroes the
 * keys). Thread-safe.
 */
final class SecretService implements Closeable {
    private static final Logger LOG = LogManager.getLogger(SecretService.class);

    private final MasterSecretServiceType.Environment env;
    private final ResourceContext ctx;
    private final SecretSettings settings;
    private final MssKeyring keyring;
    private final Reencryptor reencryptor;
    private final CheckpointPublisher checkpoints;
    private final SecretMonitor monitor;
    private volatile SecretManager manager;
    /** Whether the database had a current MSID at load: then recording the keyring's secrets can follow Online. */
    private final boolean databaseHasCurrent;
    /** Work that follows Online: recording the secrets, saving the crypto checkpoints. */
    private final ExecutorService background;

    /** How long after Online a term checks that its secrets are registered: its first writes come first. */
    static final long RECORD_SECRETS_AFTER_MILLIS = 2_000;

    private SecretService(
            MasterSecretServiceType.Environment env,
            ResourceContext ctx,
            SecretSettings settings,
            MssMeters meters,
            KeyringLoader.Loaded loaded) {
        this.env = env;
        this.databaseHasCurrent = loaded.databaseHasCurrent();
        this.ctx = ctx;
        this.settings = settings;
        this.keyring = new MssKeyring(loaded.keyring());
        this.reencryptor = new Reencryptor(ctx, env.store(), keyring, settings, meters);
        this.checkpoints = new CheckpointPublisher(ctx, env.store(), keyring, settings.checkpointInterval());
        this.monitor = new SecretMonitor(ctx, env.store(), keyring);
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mss-checkpoints-" + ctx.nodeName());
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads this node's keyring (secret store, else the checkpoint sealed for it) and records it if fresh. */
    static SecretService load(
            MasterSecretServiceType.Environment env, ResourceContext ctx, SecretSettings settings, MssMeters meters) {
        KeyringLoader.Loaded loaded = KeyringLoader.load(ctx, env.secretStore(), env.store());
        return new SecretService(
                env,
                ctx,
                Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(meters, "meters"),
                loaded);
    }

    /** The keyring in use, for the keyring endpoint and the fenced writes (a request-long use; see MssKeyring). */
    Supplier<Keyring> keyrings() {
        return keyring;
    }

    /** Adds the secret endpoints, answering once {@link #online} has run (503 before). */
    void mount(MssEndpoint.Routes server) {
        new SecretEndpoints(env.store(), this::manager, monitor).mount(server);
    }

    /**
     * Publishes the name and resumes re-encryption (recording the secrets first in a fresh SSO system); then, in the
     * background, records the secrets, warns about 10589 and seals the checkpoints if needed.
     */
    void online(URI endpoint, OnlineSteps steps) {
        if (!databaseHasCurrent) {
            // A fresh SSO system: this keyring's secret becomes the database's current one before the first write.
            monitor.recordOnline();
            steps.done("secrets recorded");
        }
        NamePublisher names = new NamePublisher(ctx, endpoint);
        manager = new SecretManager(
                ctx,
                env.store(),
                env.secretStore(),
                keyring,
                new BackupFile(settings.backupStretching()),
                checkpoints,
                reencryptor,
                names);
        names.publish(keyring.withKeyring(k -> k.current().msid()));
        steps.done("name published");
        reencryptor.start();
        steps.done("re-encryption");
        // After Online, not before: the checkpoints matter for the next failover, not for this term's first write,
        // and adopting or re-sealing them took 290-540 ms of a failover on two loaded cores (issue 14 item 4).
        if (databaseHasCurrent) {
            // Registering secrets the database already knows (every generate and restore registered its own) is an
            // idempotent check, not a precondition of this term's writes: after Online, not on the failover's path;
            // and a moment after it, since it is a fenced transaction (the global row's lock at its commit): run at
            // once it met the writes held during the takeover, which took 180-240 ms each instead of 40-90.
            CompletableFuture.delayedExecutor(RECORD_SECRETS_AFTER_MILLIS, TimeUnit.MILLISECONDS, background)
                    .execute(this::recordSecrets);
        }
        background.execute(this::saveCheckpoints);
    }

    private void recordSecrets() {
        try {
            monitor.recordOnline();
        } catch (RuntimeException e) {
            // Not fatal: the secrets were registered when they were generated or restored; a fenced term stops here.
            LOG.warn("Could not record the secrets of {} after Online: {}", ctx.nodeName(), e.getMessage());
        }
    }

    private void saveCheckpoints() {
        try {
            keyring.withKeyring(k -> {
                // A move or failover restores a checkpoint that already seals this keyring for every possible owner:
                // re-sealing it would only cost CPU while the first writes arrive.
                if (!checkpoints.adoptRestored(k, env.secretStore())) {
                    checkpoints.refresh(k);
                }
                return null;
            });
        } catch (RuntimeException e) {
            // Not fatal: the periodic check from IsAlive tries again; failover then relies on secret stores.
            LOG.warn("Could not save the crypto checkpoints on {}: {}", ctx.nodeName(), e.getMessage());
        }
    }

    /** The periodic work: re-seal the checkpoints if the possible owners changed (at most every interval). */
    void tick() {
        checkpoints.refreshIfDue();
    }

    private SecretManager manager() {
        SecretManager m = manager;
        if (m == null) {
            throw new org.entsso.sso.SsoException(
                    org.entsso.sso.SsoError.SECRET_NOT_AVAILABLE, "The master secret server is not online yet.");
        }
        return m;
    }

    @Override
    public void close() {
        background.shutdownNow();
        reencryptor.close();
        keyring.close();
    }
}
