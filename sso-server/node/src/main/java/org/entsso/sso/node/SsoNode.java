package org.entsso.sso.node;

import java.io.Closeable;
import java.net.URI;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ClusterNode;
import org.entsso.cluster.ZkCredentials;
import org.entsso.cluster.ZkTls;
import org.entsso.sso.SsoError;
import org.entsso.sso.audit.SsoAudit;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.NodeSecretStore;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.metrics.MetricsServer;
import org.entsso.sso.metrics.NodeMetrics;
import org.entsso.sso.mss.MasterSecretClient;
import org.entsso.sso.mss.MasterSecretServiceType;
import org.entsso.sso.mss.NodeKeys;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.Health;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.KeyringRefresher;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreConfig;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.KeyringClient;
import org.entsso.sso.transport.MutualTlsServer;
import org.entsso.sso.transport.RevocationList;
import org.entsso.sso.transport.TlsSettings;

/**
 * One node process (DESIGN.md decision 1): the cluster service, the SSO server with its {@code /v1} API, and on nodes
 * with the master-secret-server role the Master Secret Service resource type, all built from one {@link NodeConfig}.
 *
 * <p>{@link #start(NodeConfig)} opens the parts in dependency order (TLS material, database, secret store, cluster
 * admin connection, lookup path, API, cluster membership, keyring refresher) and releases whatever it opened when a
 * step fails. {@link #close()} undoes them in reverse, cluster membership first, so a node that owns the ENTSSO group
 * gives it up at once and a standby takes over without waiting for the session timeout.
 *
 * <p>Lifecycle STARTING -> STARTED -> CLOSED ({@link #start} returns a STARTED node or throws having closed what it
 * opened); {@code close()} is idempotent. Thread-safe.
 */
public final class SsoNode implements Closeable {
    private static final Logger LOG = LogManager.getLogger(SsoNode.class);

    /** The node attribute every SSO server advertises its API under (docs/api.md, discovery). */
    public static final String ENDPOINT_ATTRIBUTE = "SsoEndpoint";

    /**
     * The node attribute a possible owner of ENTSSO advertises its master secret endpoint under (listening, as a
     * standby, from the node's start), so that SSO servers keep connections to it warm.
     */
    public static final String MSS_ENDPOINT_ATTRIBUTE = "MssEndpoint";

    private static final String VERSION = "0.1.0";

    /** How often the database purge ids are read, the fallback of the ZooKeeper purge signal (issue 9). */
    static final Duration PURGE_POLL = Duration.ofSeconds(1);

    /** How often the connections to the possible owners' master secret endpoints are pinged. */
    static final Duration MSS_WARM_INTERVAL = Duration.ofSeconds(5);

    /** Connections kept warm per possible owner for forwarded writes: the first write and its hedged copy. */
    private static final int WARM_WRITE_CONNECTIONS = 2;

    private final NodeConfig config;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    /** The lifecycle states. */
    public enum State {
        STARTING,
        STARTED,
        CLOSED
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
    private volatile ClusterNode clusterNode;
    private volatile URI apiEndpoint;

    private SsoNode(NodeConfig config) {
        this.config = config;
    }

    /**
     * Starts a node as {@code config} says.
     *
     * @throws org.entsso.sso.SsoException with a sentence naming what is wrong (configuration, files, ports,
     *     database, ZooKeeper); nothing stays open
     */
    public static SsoNode start(NodeConfig config) {
        SsoNode node = new SsoNode(Objects.requireNonNull(config, "config"));
        try {
            node.open();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        node.state.set(State.STARTED);
        LOG.info("Node {} STARTING -> STARTED; API {}", config.nodeName(), node.apiEndpoint);
        return node;
    }

    private void open() {
        Clock clock = Clock.systemUTC();
        TlsMaterial material = tlsMaterial();
        RevocationList revocations = revocationList(material.caCertificate());
        TlsMaterial tls = material.withRevocationList(revocations);
        DatabaseAccess database = keep(new DatabaseAccess(config.database(), tls));
        database.start();
        SsoStore store = keep(openStore(database));
        Optional<NodeSecretStore> secrets = secretStore();
        secrets.ifPresent(this::keep);
        secrets.ifPresent(this::warm);
        NodeKeys.register(store, config.nodeName(), config.roles(), secrets.orElse(null), VERSION);

        ClusterConnection connection = clusterConnection();
        ClusterAdmin admin = keep(ClusterAdmin.connect(connection));
        admin.createGroupIfAbsent(EntssoGroup.spec(config));
        keep(new RevocationChannel(connection, revocations)).start();

        NodeMetrics metrics = keep(new NodeMetrics(config.nodeName()));
        KeyringHolder keyrings = keep(new KeyringHolder(config.networkName(), clock));
        PurgeChannel purges = new PurgeChannel(connection);
        CredentialLookupService lookups = new CredentialLookupService(
                        store, keyrings, config.lookups(), clock, purges::publish)
                .instrument(metrics.registry());
        lookups.start();
        keep(lookups);
        CachePurgeWatcher purge = new CachePurgeWatcher(store, lookups, clock);
        keep(purges).start(purge::signalled);

        SsoServerList ssoServers =
                keep(new SsoServerList(admin, config.nodeName())).start();
        KeyringClient keyringClient = keep(new KeyringClient(tls));
        KeyringRefresher refresher = keep(new KeyringRefresher(
                admin, config.networkName(), keyringClient, keyrings, config.keyringPoll(), (epoch, endpoint) -> {
                    ClusterNode node = clusterNode;
                    if (node != null) {
                        node.logServiceEvent(
                                "MSS_SWITCHED",
                                config.networkName(),
                                "SSO server '" + config.nodeName() + "' uses the master secret server at " + endpoint
                                        + " (epoch " + epoch + ")");
                    }
                }));
        PublishedName published = keep(new PublishedName(admin, config.networkName()));
        // The watched name first (no ZooKeeper read per write); a direct read while the watch has seen nothing yet.
        Supplier<Optional<URI>> readName = MasterSecretClient.published(admin, config.networkName());
        MasterSecretClient writes = keep(new MasterSecretClient(
                        tls,
                        () -> published
                                .get()
                                .map(m -> m.get("Endpoint"))
                                .map(URI::create)
                                .or(readName))
                .holdingFor(published::awaitOther, MasterSecretClient.DEFAULT_HOLD));
        MutualTlsServer api = new MutualTlsServer(new TlsSettings(config.nodeHost(), config.apiPort(), tls)
                        .withLimits(TlsSettings.Limits.DEFAULT.withHandshakeRate(config.handshakeRate())))
                .instrument(metrics.registry(), "api");
        NodeApi.Parts parts = new NodeApi.Parts(
                config,
                store,
                lookups,
                writes,
                keyrings,
                refresher,
                published,
                purges::connected,
                () -> clusterNode,
                ssoServers::get,
                clock,
                keep(SsoAudit.toFile(config.auditFile(), config.auditFailClosed())));
        Supplier<Health> health = NodeApi.mount(api, parts);
        NodeMeters.bind(
                metrics.registry(),
                new NodeMeters.Sources(
                        keyrings, refresher, lookups, () -> NodeApi.activeMasterSecretServerEpoch(parts), clock));
        keep(api);
        api.start();
        apiEndpoint = api.endpoint();
        if (config.metricsPort().isPresent()) {
            MetricsServer scrape = keep(
                    new MetricsServer(config.metricsHost(), config.metricsPort().get(), metrics, health));
            scrape.start();
        }

        ClusterNode.Builder builder = ClusterNode.builder()
                .nodeName(config.nodeName())
                .nodeHost(config.nodeHost())
                .connection(connection)
                // No takeover guard: the engine's guard keeps a new owner from running resources beside a deposed
                // one that has not noticed yet, but the Master Secret Service needs no such pause, since every write
                // it makes is fenced by its epoch in the database (DESIGN.md decision 3) and serving the keyring from
                // two endpoints for a moment is harmless. The guard would cost every crash failover 500 ms.
                .takeoverGuard(Duration.ZERO)
                .groupObserver(new ClusterMeters(metrics.registry(), config.nodeName()));
        Optional<MasterSecretServiceType> mss =
                secrets.map(s -> keep(new MasterSecretServiceType(new MasterSecretServiceType.Environment(
                        config.nodeHost(),
                        config.mssPort(),
                        tls,
                        s,
                        store,
                        metrics.registry(),
                        config.handshakeRate()))));
        mss.ifPresent(builder::resourceType);
        // A standby saves each newer secret the active server checkpoints, so Online after a rotation opens nothing.
        mss.ifPresent(t -> keep(admin.watchCheckpoint(
                EntssoGroup.NAME, EntssoGroup.SERVICE_RESOURCE, data -> t.checkpointSaved(config.nodeName(), data))));
        // A possible owner's master secret endpoint listens from now on, as a standby, so that every SSO server keeps
        // a warm connection to it: a failover then costs the SSO servers a request, not a TLS handshake (issue 14).
        mss.ifPresent(t -> builder.attribute(
                MSS_ENDPOINT_ATTRIBUTE, t.listen(config.nodeName()).toString()));
        ClusterNode cluster = keep(builder.build());
        cluster.start();
        clusterNode = cluster;
        // A possible owner's first takeover then defines none of the classes it runs (issue 14); a planned move to
        // this node before the warm-up has begun runs it first.
        mss.ifPresent(t -> t.warmUpBeforeOwning(ClassWarmup.start(
                config.nodeName(),
                ClusterNode.class,
                MasterSecretServiceType.class,
                SsoStore.class,
                TlsSettings.class,
                Keyring.class)::runNow));

        // Advertised to clients only once it can decrypt: a restarted node listed before it holds the keyring would
        // answer 10532 to the lookups sent its way (issue 9).
        URI endpoint = apiEndpoint;
        keyrings.firstInstalled().thenRun(() -> advertise(cluster, endpoint));
        refresher.start();

        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "entsso-housekeeping-" + config.nodeName());
            t.setDaemon(true);
            return t;
        });
        keep(housekeeping::shutdownNow);
        // The fallback of the ZooKeeper purge signal: bounds how late a lost signal is noticed (docs/lookups.md).
        housekeeping.scheduleWithFixedDelay(purge::poll, 0, PURGE_POLL.toMillis(), TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(lookups::probeDatabase, 5, 5, TimeUnit.SECONDS);
        // A possible owner that comes Up (a restarted node) gets warm connections at once, not up to 5 s later.
        ssoServers.onMasterSecretEndpointJoined(mssEndpoint -> {
            keyringClient.warm(mssEndpoint);
            writes.warm(mssEndpoint, WARM_WRITE_CONNECTIONS);
        });
        // Warm connections to every possible owner's master secret endpoint (well inside its 30 s idle timeout): the
        // keyring fetch and the first forwarded writes after a failover then need no new TLS connection (issue 14).
        housekeeping.scheduleWithFixedDelay(
                () -> {
                    for (URI mssEndpoint : ssoServers.masterSecretEndpoints()) {
                        keyringClient.warm(mssEndpoint);
                        writes.warm(mssEndpoint, WARM_WRITE_CONNECTIONS);
                    }
                },
                1,
                MSS_WARM_INTERVAL.toSeconds(),
                TimeUnit.SECONDS);
    }

    private void advertise(ClusterNode cluster, URI endpoint) {
        try {
            cluster.setAttribute(ENDPOINT_ATTRIBUTE, endpoint.toString());
            LOG.info(
                    "Node {} advertises its SSO server at {}: it holds the master secret", config.nodeName(), endpoint);
        } catch (RuntimeException e) { // the engine logs and keeps the value for its next session
            LOG.warn("Node {} could not advertise its SSO server yet: {}", config.nodeName(), e.toString());
        }
    }

    /**
     * The cluster CA's revocation list: the {@code tls.crl} file when there is one, and whatever newer list the
     * {@link RevocationChannel} brings from ZooKeeper.
     */
    private RevocationList revocationList(X509Certificate ca) {
        return config.tlsRevocationList()
                .map(crl -> RevocationList.load(crl, ca))
                .orElseGet(() -> RevocationList.none(ca));
    }

    private TlsMaterial tlsMaterial() {
        char[] password = PasswordFiles.read(
                config.tlsKeyStorePasswordFile(), "key store password file", SsoError.INVALID_ARGUMENT);
        try {
            return TlsMaterial.fromPkcs12(config.tlsKeyStore(), password, config.tlsTrustStore());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private SsoStore openStore(DatabaseAccess database) {
        StoreConfig storeConfig = database.storeConfig()
                .poolName("sso-" + config.nodeName())
                .nodeName(config.nodeName())
                .build();
        try {
            return SsoStore.open(storeConfig);
        } catch (RuntimeException e) {
            throw database.explain(e);
        }
    }

    /** A standby ready before it is needed: the keyring and node key decrypted now, not during a takeover. */
    private void warm(NodeSecretStore secrets) {
        try {
            secrets.warm();
        } catch (org.entsso.sso.SsoException e) {
            LOG.warn(
                    "The secret store of {} could not be opened ahead of a takeover: {}",
                    config.nodeName(),
                    e.getMessage());
        }
    }

    private Optional<NodeSecretStore> secretStore() {
        if (!config.mayOwnMasterSecret()) {
            return Optional.empty();
        }
        var path = config.secretStore().orElseThrow();
        var passwordFile = config.secretStorePasswordFile().orElseThrow();
        // A node added after initialisation starts with an empty store and receives the secret by checkpoint.
        return Optional.of(
                Files.exists(path)
                        ? NodeSecretStore.open(path, passwordFile)
                        : NodeSecretStore.create(path, passwordFile, config.nodeName()));
    }

    /**
     * The node's ZooKeeper connection: over TLS with the node's own certificate and the cluster CA (DESIGN.md decision
     * 13), unless {@code zookeeper.tls=false} asked for plaintext, which is said once, at WARN, here.
     */
    private ClusterConnection clusterConnection() {
        ClusterConnection c = ClusterConnection.of(config.zooKeeper())
                .withClusterName(config.clusterName())
                .withSessionTimeout(config.sessionTimeout());
        if (config.zooKeeperTls()) {
            c = c.withTls(ZkTls.of(config.tlsKeyStore(), config.tlsKeyStorePasswordFile(), config.tlsTrustStore()));
        } else {
            LOG.warn(
                    "ZooKeeper traffic is not encrypted: {} sets zookeeper.tls=false, so node {} talks plaintext to {}",
                    config.file(),
                    config.nodeName(),
                    config.zooKeeper());
        }
        if (config.zooKeeperAuthFile().isPresent()) {
            char[] auth = PasswordFiles.read(
                    config.zooKeeperAuthFile().get(), "ZooKeeper auth file", SsoError.INVALID_ARGUMENT);
            c = c.withCredentials(ZkCredentials.parse(new String(auth)));
            Arrays.fill(auth, '\0');
        }
        return c;
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        opened.push(closeable);
        return closeable;
    }

    /** The lifecycle state. */
    public State state() {
        return state.get();
    }

    /** The node's name. */
    public String name() {
        return config.nodeName();
    }

    /** Where this node's SSO server API listens, {@code https://host:port}. */
    public URI apiEndpoint() {
        return apiEndpoint;
    }

    /** The cluster service of this node (fault injection in tests goes through it). */
    public ClusterNode clusterNode() {
        return clusterNode;
    }

    /** Leaves the cluster (giving up the ENTSSO group at once), then stops serving and releases everything. */
    @Override
    public synchronized void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        while (!opened.isEmpty()) {
            AutoCloseable c = opened.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} of node {} failed: {}", c, config.nodeName(), e.toString());
            }
        }
        LOG.info("Node {} -> CLOSED", config.nodeName());
    }

    @Override
    public String toString() {
        return "SsoNode[" + config.nodeName() + ", " + state.get() + "]";
    }
}
