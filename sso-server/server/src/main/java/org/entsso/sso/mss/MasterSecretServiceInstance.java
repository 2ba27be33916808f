package org.entsso.sso.mss;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.transport.KeyringServer;
import org.entsso.sso.transport.ServedKeyring;

/**
 * The Master Secret Service on the node that owns the ENTSSO group, for one ownership term. Online, Offline,
 * Terminate, LooksAlive and IsAlive are called one at a time on the resource's monitor thread; Terminate may come
 * from another thread, so the fields it touches are volatile and every step tolerates having been undone.
 */
final class MasterSecretServiceInstance implements ResourceInstance {
    private static final Logger LOG = LogManager.getLogger(MasterSecretServiceInstance.class);

    /** Records a new term's epoch beside the keyring load (one Online at a time per node; daemon threads). */
    private static final Executor EPOCH_RECORDER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mss-epoch");
        t.setDaemon(true);
        return t;
    });

    private final MasterSecretServiceType.Environment env;
    private final MssEndpoint endpoint;
    private final SecretSettings settings;
    private final MssMeters meters;
    private final ResourceContext ctx;
    private volatile SecretService secrets;
    private volatile MssEndpoint.Term term;
    private volatile FencedWrites writes;

    /** The epoch recording {@link #prepare} began, for the first Online to wait for; null once taken. */
    private volatile CompletableFuture<Void> prepared;
    /** The keyring load {@link #prepare} began, for the first Online to take; null once taken. */
    private volatile CompletableFuture<SecretService> preloaded;
    /** When {@link #preloaded} began (System.nanoTime). */
    private volatile long preloadedAt;

    /**
     * How long a keyring loaded at Open serves the first Online: a takeover's Online follows its Open within
     * milliseconds; a group opened with its resources stopped comes online later, and then loads what is current.
     */
    private static final Duration PRELOAD_FRESH = Duration.ofSeconds(10);

    MasterSecretServiceInstance(
            MasterSecretServiceType.Environment env,
            MssEndpoint endpoint,
            SecretSettings settings,
            MssMeters meters,
            ResourceContext ctx) {
        this.env = env;
        this.endpoint = endpoint;
        this.settings = settings;
        this.meters = meters;
        this.ctx = ctx;
    }

    /**
     * Starts recording this term's epoch in the database and loading the keyring (the database's current MSID, the
     * secret store, the restored checkpoint) now, at Open, while the IP Address and Network Name come online: neither
     * needs anything from them, and a takeover then spends no time on them after they are up (issue 14). Online waits
     * for both, and does again what failed.
     */
    void prepare() {
        prepared = CompletableFuture.runAsync(this::recordEpoch, EPOCH_RECORDER);
        preloadedAt = System.nanoTime();
        preloaded = CompletableFuture.supplyAsync(() -> SecretService.load(env, ctx, settings, meters), EPOCH_RECORDER);
    }

    /** The keyring {@link #prepare} loaded, or a new load when it failed or Online runs again in this term. */
    private SecretService loadSecrets() {
        CompletableFuture<SecretService> load = preloaded;
        preloaded = null;
        if (load != null && System.nanoTime() - preloadedAt > PRELOAD_FRESH.toNanos()) {
            load.thenAccept(SecretService::close);
        } else if (load != null) {
            try {
                return load.join();
            } catch (CompletionException e) {
                LOG.debug(
                        "The keyring load begun at Open failed, loading again: {}",
                        e.getCause().getMessage());
            }
        }
        return SecretService.load(env, ctx, settings, meters);
    }

    @Override
    public void online() {
        OnlineSteps steps = new OnlineSteps();
        // The epoch is recorded (the deposed owner's database sessions fenced) while the keyring loads: two database
        // connections, so neither waits on the other. Open began it; a restart in place, or a failed attempt, records
        // it again.
        CompletableFuture<Void> epoch = prepared;
        prepared = null;
        if (epoch == null || epoch.isCompletedExceptionally()) {
            epoch = CompletableFuture.runAsync(this::recordEpoch, EPOCH_RECORDER);
        }
        SecretService loaded;
        try {
            loaded = loadSecrets();
        } catch (RuntimeException e) {
            epoch.cancel(false);
            throw e;
        }
        secrets = loaded;
        steps.done("keyring");
        try {
            epoch.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        steps.done("epoch");
        // The endpoint already listens (from the node's start): SSO servers hold warm connections to it, so this
        // term costs them a request, not a new TLS connection (issue 14 item 4).
        endpoint.start();
        FencedWrites writes = new FencedWrites(
                env.store(), () -> ctx.isCurrentTerm() ? loaded.keyrings().get() : null, ctx.epoch(), ctx.clock());
        this.writes = writes;
        term = endpoint.attach(ctx.epoch(), routes -> {
            routes.route(KeyringServer.PATH, KeyringServer.handler(this::served));
            new WriteEndpoints(writes, meters).mount(routes);
            loaded.mount(routes);
        });
        steps.done("endpoint");
        loaded.online(endpoint.endpoint(), steps);
        LOG.info(
                "Master secret server online on {} with epoch {}, current MSID {}, endpoint {} in {}",
                ctx.nodeName(),
                ctx.epoch(),
                loaded.keyrings().get().current().msid(),
                endpoint.endpoint(),
                steps);
    }

    /**
     * Records this term's epoch as the database's fence. A restart in place within the same term finds its own epoch
     * already recorded, which the fenced no-op write confirms.
     */
    private void recordEpoch() {
        try {
            env.store().takeOver(ctx.epoch(), ctx.nodeName());
        } catch (SsoException e) {
            if (e.error() != SsoError.FENCED) {
                throw e;
            }
            env.store().asMasterSecretServer(ctx.epoch(), Idempotency.IDEMPOTENT, session -> null);
        }
    }

    private Optional<ServedKeyring> served() {
        SecretService service = secrets;
        Keyring k = service == null ? null : service.keyrings().get();
        if (k == null || k.isClosed() || !ctx.isCurrentTerm()) {
            return Optional.empty();
        }
        return Optional.of(new ServedKeyring(k, ctx.epoch()));
    }

    @Override
    public void offline() {
        stop();
    }

    @Override
    public void terminate() {
        stop();
    }

    private void stop() {
        CompletableFuture<SecretService> load = preloaded;
        preloaded = null;
        if (load != null) {
            // Opened but never brought online: zero the keyring the load holds, once it has finished.
            load.thenAccept(SecretService::close);
        }
        MssEndpoint.Term t = term;
        term = null;
        writes = null;
        endpoint.detach(t);
        SecretService service = secrets;
        secrets = null;
        if (service != null) {
            service.close();
        }
    }

    @Override
    public boolean looksAlive() {
        SecretService service = secrets;
        Keyring k = service == null ? null : service.keyrings().get();
        return endpoint.serves(term) && k != null && !k.isClosed();
    }

    @Override
    public boolean isAlive() {
        if (!looksAlive()) {
            return false;
        }
        try {
            env.store().asMasterSecretServer(ctx.epoch(), Idempotency.IDEMPOTENT, session -> null);
        } catch (SsoException e) {
            LOG.warn(
                    "Master secret server {} (epoch {}) failed its database check: {}",
                    ctx.nodeName(),
                    ctx.epoch(),
                    e.getMessage());
            return false;
        }
        refreshCheckpoints();
        pruneRequestIds();
        return true;
    }

    /** Forgets request ids past their replay window (at most once a minute); a failure is not fatal. */
    private void pruneRequestIds() {
        FencedWrites w = writes;
        try {
            if (w != null) {
                w.pruneIfDue();
            }
        } catch (RuntimeException e) {
            LOG.warn("Master secret server {} could not prune old request ids: {}", ctx.nodeName(), e.getMessage());
        }
    }

    /** Re-seals the crypto checkpoints if a possible owner registered or changed its key; a failure is not fatal. */
    private void refreshCheckpoints() {
        SecretService service = secrets;
        try {
            if (service != null) {
                service.tick();
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "Master secret server {} could not refresh its crypto checkpoints: {}",
                    ctx.nodeName(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        stop();
    }
}
