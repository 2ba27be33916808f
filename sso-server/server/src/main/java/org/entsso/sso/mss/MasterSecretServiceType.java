package org.entsso.sso.mss;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.Closeable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.entsso.cluster.resource.ResourceContext;
import org.entsso.cluster.resource.ResourceInstance;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.ResourceType;
import org.entsso.sso.crypto.NodeSecretStore;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.TlsSettings;

/**
 * The Master Secret Service as a cluster resource type (DESIGN.md decision 1): the resource in group {@code ENTSSO}
 * that depends on the group's Network Name. One instance of this type exists per node process; it knows the node's
 * secret store, the SSO database and the node's TLS material. Thread-safe.
 *
 * <p>Online loads the keyring from the node's secret store (or from the crypto checkpoint this node can open),
 * records the ownership epoch in the SSO database ({@link SsoStore#takeOver}), serves the keyring over mutual TLS 1.3
 * to {@code sso-server} certificates, runs the encrypting writes SSO servers forward to it (fenced by the epoch), and registers {@code {Endpoint, Epoch, CurrentMsid}} under the group's network
 * name, which SSO servers resolve through ZooKeeper. Offline and Terminate stop serving, unregister and zero the
 * keys. The endpoint itself is the node's, not the term's: it listens from {@link #listen} (the node's start) until
 * {@link #close}, answering as a standby between terms, so SSO servers keep warm connections to every possible owner.
 */
public final class MasterSecretServiceType implements ResourceType, Closeable {
    /** The type name used in the ENTSSO group's resource definition. */
    public static final String NAME = "Master Secret Service";

    private final Environment environment;
    private final SecretSettings settings;
    /** One set per node, kept across its terms: counters carry on when the group comes back. */
    private final MssMeters meters;
    /** The node's endpoint, kept across terms (see {@link #listen}); null until the first {@link #listen} or term. */
    private MssEndpoint endpoint;

    /** Follows the crypto checkpoint while this node is a standby; null until the first {@link #checkpointSaved}. */
    private StandbyKeyring standby;

    /** The standby's {@link WriteRehearsal} {@link #listen} started; null before. Stopped once this node takes over. */
    private WriteRehearsal.Standby rehearsal;

    /**
     * The rehearsals of the last move's preparation ({@link #prepareToOwn}); null before. Stopped once this node takes
     * the group: a target whose owner was lost while it prepared (killed, or stopped, during its wait) would otherwise
     * rehearse for up to {@link #WARMING} beside its own takeover, and every rehearsal locks the global row.
     */
    private WriteRehearsal.Standby preparing;

    /** Whether this JVM ran {@link SsoStore#rehearseTakeover} (once is what it needs: mostly first calls). */
    private final AtomicBoolean takeoverRehearsed = new AtomicBoolean();

    /** The write rehearsals this JVM ran, as a standby and before moves ({@link WriteRehearsal#WARM_TIMES}). */
    private final AtomicInteger rehearsals = new AtomicInteger();

    /**
     * What a move's target asks for besides the usual budget while its write path is not warm: the engine's most. A
     * node restarted seconds before ran 70-130 rehearsals in 8 s, and the fewer it ran the longer the move paused.
     */
    static final Duration WARMING = Duration.ofSeconds(10);

    /** The node's own warm-up, which a move's preparation runs first when it has not run yet. */
    private volatile Runnable beforeOwning = () -> {};

    private boolean closed;

    /**
     * What the service needs from its node.
     *
     * @param bindHost the address the keyring endpoint listens on (also the host in its URL)
     * @param port the port (0 = any free port)
     * @param tls this node's certificate (role master-secret-server) and the cluster CA
     * @param secretStore this node's secret store
     * @param store the SSO database
     * @param metrics where the service's meters go (the node's registry; docs/metrics.md)
     * @param handshakeRate how many new connections one source may open to the endpoint
     */
    public record Environment(
            String bindHost,
            int port,
            TlsMaterial tls,
            NodeSecretStore secretStore,
            SsoStore store,
            MeterRegistry metrics,
            TlsSettings.HandshakeRate handshakeRate) {
        public Environment {
            Objects.requireNonNull(bindHost, "bindHost");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(secretStore, "secretStore");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(handshakeRate, "handshakeRate");
        }

        /** An environment with {@link TlsSettings.HandshakeRate#DEFAULT}. */
        public Environment(
                String bindHost,
                int port,
                TlsMaterial tls,
                NodeSecretStore secretStore,
                SsoStore store,
                MeterRegistry metrics) {
            this(bindHost, port, tls, secretStore, store, metrics, TlsSettings.HandshakeRate.DEFAULT);
        }

        /** An environment whose meters go to a registry of their own, which nothing scrapes. */
        public Environment(String bindHost, int port, TlsMaterial tls, NodeSecretStore secretStore, SsoStore store) {
            this(bindHost, port, tls, secretStore, store, new SimpleMeterRegistry());
        }
    }

    /** The type with {@link SecretSettings#defaults()}. */
    public MasterSecretServiceType(Environment environment) {
        this(environment, SecretSettings.defaults());
    }

    /** The type with these secret-management settings (backup password cost, re-encryption batches). */
    public MasterSecretServiceType(Environment environment, SecretSettings settings) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.meters = new MssMeters(environment.metrics());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A quick check every second: the endpoint is serving and the keyring is loaded. */
    @Override
    public Duration looksAlivePollInterval() {
        return Duration.ofSeconds(1);
    }

    /** The full check every 10 s: the SSO database answers and still records this node's epoch. */
    @Override
    public Duration isAlivePollInterval() {
        return Duration.ofSeconds(10);
    }

    /**
     * Starts this node's master secret endpoint now, before any term, so that SSO servers can hold connections to it
     * ahead of a failover; it answers as a standby (503 {@code 10783}) until this node owns the group. Idempotent;
     * without it the endpoint starts with the first term. Returns {@code https://host:port}, the node's
     * {@code MssEndpoint} to advertise.
     */
    public synchronized URI listen(String nodeName) {
        MssEndpoint e = endpoint(nodeName);
        if (rehearsal == null) {
            // A standby ready before it is needed: its first write after a takeover is then not a cold one.
            rehearsal = WriteRehearsal.start(
                    nodeName, environment.secretStore(), environment.store(), this::rehearseTakeoverOnce, rehearsals);
        }
        e.start();
        return e.endpoint();
    }

    /**
     * The group's crypto checkpoint was saved (or first read; {@code ClusterAdmin.watchCheckpoint} delivers it): a
     * standby opens its entry and saves a newer secret to its secret store now, so that a takeover after a rotation or
     * restore loads nothing on the failover's path ({@link StandbyKeyring} says when the store is replaced). Does not
     * block; the work runs on a thread of the type's own.
     */
    public void checkpointSaved(String nodeName, java.util.Optional<byte[]> data) {
        StandbyKeyring s;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (standby == null) {
                standby = new StandbyKeyring(nodeName, environment.secretStore(), environment.store());
            }
            s = standby;
        }
        s.checkpointSaved(data);
    }

    private synchronized MssEndpoint endpoint(String nodeName) {
        if (closed) {
            throw new IllegalStateException("the master secret service type of " + nodeName + " is closed");
        }
        if (endpoint == null) {
            endpoint = new MssEndpoint(
                    new TlsSettings(environment.bindHost(), environment.port(), environment.tls())
                            .withLimits(TlsSettings.Limits.DEFAULT.withHandshakeRate(environment.handshakeRate())),
                    nodeName,
                    meters.registry());
        }
        return endpoint;
    }

    /**
     * Work of the node's own that a standby does ahead of any takeover (the node loads its classes a few seconds after
     * it starts): a planned move's preparation runs it first, on its own thread, when it has not run yet. Idempotent
     * and thread-safe, as {@code warmup} must be.
     */
    public void warmUpBeforeOwning(Runnable warmup) {
        beforeOwning = Objects.requireNonNull(warmup, "warmup");
    }

    /**
     * A planned move named this node the group's target: while the owner still serves, runs the node's warm-up if it
     * has not run ({@link #warmUpBeforeOwning}), the takeover's statements once, and rehearses the write path ({@link
     * WriteRehearsal#prepare}), so that the move's first write here is not a cold one (a node restarted a minute
     * earlier paused the writes of a move to it for 900-1,300 ms, issue 14). A node restarted seconds before the move
     * had begun none of its standby warm-up, which then ran beside the new term's first writes.
     */
    @Override
    public void prepareToOwn(String nodeName, ResourceSpec resource, Duration budget) {
        long start = System.nanoTime();
        WriteRehearsal.Standby run = new WriteRehearsal.Standby();
        synchronized (this) {
            stopRehearsals();
            preparing = run;
        }
        beforeOwning.run();
        WriteRehearsal.prepare(
                nodeName,
                environment.secretStore(),
                environment.store(),
                this::rehearseTakeoverOnce,
                rehearsals,
                run,
                budget.minusNanos(System.nanoTime() - start));
    }

    /**
     * {@link #WARMING} while this JVM has run fewer than {@link WriteRehearsal#WARM_TIMES} write rehearsals (a node
     * that has never owned the group, or started seconds before), else nothing: {@link #prepareToOwn} then rehearses
     * the rest while the owner still serves.
     */
    @Override
    public Duration preparationNeeded(String nodeName, ResourceSpec resource) {
        return rehearsals.get() < WriteRehearsal.WARM_TIMES ? WARMING : Duration.ZERO;
    }

    /** Rehearses the takeover's statements the first time this is called in this JVM. */
    private void rehearseTakeoverOnce() {
        if (takeoverRehearsed.compareAndSet(false, true)) {
            environment.store().rehearseTakeover();
        }
    }

    @Override
    public ResourceInstance open(ResourceContext context) {
        stopRehearsals();
        MasterSecretServiceInstance instance =
                new MasterSecretServiceInstance(environment, endpoint(context.nodeName()), settings, meters, context);
        instance.prepare();
        return instance;
    }

    /**
     * This node prepares to own the group, or owns it: its rehearsal as a standby, and any earlier preparation's, must
     * not compete with that.
     */
    private synchronized void stopRehearsals() {
        if (rehearsal != null) {
            rehearsal.stop();
        }
        if (preparing != null) {
            preparing.stop();
        }
    }

    /** Stops the endpoint; the node's terms are over by then. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        stopRehearsals();
        if (standby != null) {
            standby.close();
        }
        if (endpoint != null) {
            endpoint.close();
        }
    }
}
