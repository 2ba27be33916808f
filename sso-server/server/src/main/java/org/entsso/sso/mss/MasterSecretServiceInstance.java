package org.entsso.sso.mss;

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
     * Starts recording this term's epoch in the database now, at Open, while the IP Address and Network Name come
     * online: the fence needs nothing from them, and a takeover then spends no time on it after they are up (issue
     * 14). Online waits for it, and records again if it failed.
     */
    void prepare() {
        prepared = CompletableFuture.runAsync(this::recordEpoch, EPOCH_RECORDER);
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
            loaded = SecretService.load(env, ctx, settings, meters);
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
