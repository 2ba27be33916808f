package org.entsso.sso.mss;

import java.time.Duration;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.transport.KeyringServer;
import org.entsso.sso.transport.MutualTlsServer;
import org.entsso.sso.transport.ServedKeyring;
import org.entsso.sso.transport.TlsSettings;

/**
 * The Master Secret Service on the node that owns the ENTSSO group, for one ownership term. Online, Offline,
 * Terminate, LooksAlive and IsAlive are called one at a time on the resource's monitor thread; Terminate may come
 * from another thread, so the fields it touches are volatile and every step tolerates having been undone.
 */
final class MasterSecretServiceInstance implements ResourceInstance {
    private static final Logger LOG = LogManager.getLogger(MasterSecretServiceInstance.class);

    /**
     * A drain of 1 s on offline, not the default 5 s: a planned move waits for it, and a write still in flight after
     * that is fenced by the next owner's epoch anyway, so its client retries there with the same request id.
     */
    private static final TlsSettings.Limits LIMITS = TlsSettings.Limits.DEFAULT.withDrainTimeout(Duration.ofSeconds(1));

    private final MasterSecretServiceType.Environment env;
    private final SecretSettings settings;
    private final MssMeters meters;
    private final ResourceContext ctx;
    private volatile SecretService secrets;
    private volatile MutualTlsServer server;

    MasterSecretServiceInstance(
            MasterSecretServiceType.Environment env, SecretSettings settings, MssMeters meters, ResourceContext ctx) {
        this.env = env;
        this.settings = settings;
        this.meters = meters;
        this.ctx = ctx;
    }

    @Override
    public void online() {
        OnlineSteps steps = new OnlineSteps();
        SecretService loaded = SecretService.load(env, ctx, settings, meters);
        secrets = loaded;
        steps.done("keyring");
        recordEpoch();
        steps.done("epoch");
        ctx.reportPending("keyring loaded and epoch " + ctx.epoch() + " recorded; starting the keyring endpoint");
        FencedWrites writes = new FencedWrites(
                env.store(), () -> ctx.isCurrentTerm() ? loaded.keyrings().get() : null, ctx.epoch(), ctx.clock());
        MutualTlsServer s = new WriteEndpoints(writes, meters)
                .mount(new MutualTlsServer(new TlsSettings(env.bindHost(), env.port(), env.tls())
                                .withLimits(LIMITS.withHandshakeRate(env.handshakeRate())))
                        .instrument(meters.registry(), "mss")
                        .route(
                                KeyringServer.PATH,
                                KeyringServer.POOL,
                                KeyringServer.CALLERS,
                                KeyringServer.handler(this::served)));
        loaded.mount(s);
        s.start();
        server = s;
        steps.done("endpoint");
        loaded.online(s.endpoint(), steps);
        LOG.info(
                "Master secret server online on {} with epoch {}, current MSID {}, endpoint {} in {}",
                ctx.nodeName(),
                ctx.epoch(),
                loaded.keyrings().get().current().msid(),
                s.endpoint(),
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
        MutualTlsServer s = server;
        server = null;
        if (s != null) {
            s.close();
        }
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
        return server != null && k != null && !k.isClosed();
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
        return true;
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
