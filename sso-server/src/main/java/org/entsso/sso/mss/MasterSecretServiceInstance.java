package org.entsso.sso.mss;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.cluster.resource.ResourceView;
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
    private static final Logger LOG = LogManager.getLogger();

    private final MasterSecretServiceType.Environment env;
    private final ResourceContext ctx;
    private volatile Keyring keyring;
    private volatile MutualTlsServer server;

    MasterSecretServiceInstance(MasterSecretServiceType.Environment env, ResourceContext ctx) {
        this.env = env;
        this.ctx = ctx;
    }

    @Override
    public void online() {
        Keyring loaded = loadKeyring();
        keyring = loaded;
        recordEpoch();
        ctx.reportPending("keyring loaded and epoch " + ctx.epoch() + " recorded; starting the keyring endpoint");
        FencedWrites writes =
                new FencedWrites(env.store(), () -> ctx.isCurrentTerm() ? keyring : null, ctx.epoch(), ctx.clock());
        MutualTlsServer s = new WriteEndpoints(writes)
                .mount(new MutualTlsServer(new TlsSettings(env.bindHost(), env.port(), env.tls()))
                        .route(KeyringServer.PATH, KeyringServer.handler(this::served)));
        s.start();
        server = s;
        Map<String, String> published = new LinkedHashMap<>();
        published.put("Endpoint", s.endpoint().toString());
        published.put("Epoch", String.valueOf(ctx.epoch()));
        published.put("CurrentMsid", loaded.current().msid().toString());
        ctx.publish(published);
        ctx.registerName(networkName(), published);
        LOG.info(
                "Master secret server online on {} with epoch {}, current MSID {}, endpoint {}",
                ctx.nodeName(),
                ctx.epoch(),
                loaded.current().msid(),
                s.endpoint());
    }

    /** The node's secret store, else the crypto checkpoint sealed for this node (DESIGN.md decision 5). */
    private Keyring loadKeyring() {
        if (env.secretStore().hasKeyring()) {
            return env.secretStore().keyring();
        }
        Optional<byte[]> checkpoint = ctx.restoredCheckpoint();
        if (checkpoint.isPresent()) {
            Keyring fromCheckpoint = env.secretStore().openCheckpoint(checkpoint.get());
            env.secretStore().saveKeyring(fromCheckpoint);
            return fromCheckpoint;
        }
        throw new SsoException(
                SsoError.NO_SECRETS_FOUND,
                "Node " + ctx.nodeName()
                        + " has no keyring in its secret store and no crypto checkpoint for it; restore the secret here.");
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
        Keyring k = keyring;
        if (k == null || k.isClosed() || !ctx.isCurrentTerm()) {
            return Optional.empty();
        }
        return Optional.of(new ServedKeyring(k, ctx.epoch()));
    }

    /** The name of the Network Name resource this service depends on; the group's name when there is none. */
    private String networkName() {
        for (ResourceView dependency : ctx.dependencies()) {
            String name = dependency.parameters().get("Name");
            if ("Network Name".equals(dependency.type()) && name != null) {
                return name;
            }
        }
        return ctx.groupName();
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
        Keyring k = keyring;
        keyring = null;
        if (k != null) {
            k.close();
        }
    }

    @Override
    public boolean looksAlive() {
        Keyring k = keyring;
        return server != null && k != null && !k.isClosed();
    }

    @Override
    public boolean isAlive() {
        if (!looksAlive()) {
            return false;
        }
        try {
            env.store().asMasterSecretServer(ctx.epoch(), Idempotency.IDEMPOTENT, session -> null);
            return true;
        } catch (SsoException e) {
            LOG.warn(
                    "Master secret server {} (epoch {}) failed its database check: {}",
                    ctx.nodeName(),
                    ctx.epoch(),
                    e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
