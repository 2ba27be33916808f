package org.entsso.sso.mss;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.KeyringEncoding;
import org.entsso.sso.crypto.NodeSecretStore;
import org.entsso.sso.crypto.PasswordStretching;
import org.entsso.sso.crypto.ValueCipher;
import org.entsso.sso.server.ConfigStoreApps;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.KeyringRefresher;
import org.entsso.sso.server.LookupSettings;
import org.entsso.sso.server.ValueBindings;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.ApplicationSpec;
import org.entsso.sso.store.DatabaseTimeouts;
import org.entsso.sso.store.EncryptedValue;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreConfig;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.KeyringClient;

/**
 * The ENTSSO group on a real 3-server ZooKeeper ensemble (in-process cluster service) with a shared H2 file database:
 * node1 and node2 are possible owners of the Master Secret Service; an SSO server (node3's role) fetches the keyring by
 * the watch ({@link #ssoServer()}), or writes through the master secret server ({@link #writesClient()}) and reads back
 * ({@link #lookups()}). Test support for the master secret service, secret and write tests. Not thread-safe; one per
 * test class or test.
 */
final class MssCluster implements AutoCloseable {
    static final PasswordStretching FAST = new PasswordStretching(64, 1, 1);
    static final String ADMIN = "CONTOSO\\ssoadmin";
    static final String APP = "Payroll";
    static final String APP_USERS = "Payroll Users";
    static final String APP_ADMINS = "Payroll Admins";

    final TestPki pki = new TestPki();
    final ClusterCa ca = pki.ca;
    /** The keyring the possible owners start with. */
    final Keyring initial = Keyring.generate();

    final InProcessCluster cluster;
    final SsoStore observer;
    /** The SSO server node3's certificate. */
    final TlsMaterial ssoServerTls = pki.ssoServer("node3");

    private final Path dir;
    private final String url;
    private final Map<String, MeterRegistry> meters = new HashMap<>();
    private final Map<String, MasterSecretServiceType> types = new HashMap<>();
    private final Map<String, NodeSecretStore> secretStores = new HashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /**
     * Starts the cluster and creates the group; both possible owners hold the initial keyring and run with
     * {@link SecretSettings#defaults()}; their node keys are not registered in the database.
     */
    MssCluster(Path dir) throws Exception {
        this(dir, true, SecretSettings.defaults(), false, DatabaseTimeouts.defaults());
    }

    /** As {@link #MssCluster(Path)}, with the masters secret servers' database sessions bounded by {@code timeouts}. */
    MssCluster(Path dir, DatabaseTimeouts timeouts) throws Exception {
        this(dir, true, SecretSettings.defaults(), false, timeouts);
    }

    /**
     * Starts the cluster and creates the group, with the possible owners' node keys registered in {@code sso_server}
     * (as for the crypto checkpoint).
     *
     * @param standbyHasSecret whether node2's secret store holds the initial keyring (else it is empty and node2 must
     *     take the secret from the crypto checkpoint)
     */
    MssCluster(Path dir, boolean standbyHasSecret, SecretSettings settings) throws Exception {
        this(dir, standbyHasSecret, settings, true, DatabaseTimeouts.defaults());
    }

    private MssCluster(
            Path dir,
            boolean standbyHasSecret,
            SecretSettings settings,
            boolean registerNodeKeys,
            DatabaseTimeouts mssTimeouts)
            throws Exception {
        this.dir = dir;
        cluster = InProcessCluster.start(3);
        closeables.add(cluster);
        url = H2Urls.file(dir.resolve("sso"));
        observer = store();
        for (String node : List.of("node1", "node2")) {
            Path pwd = dir.resolve(node + ".pwd");
            NodeSecretStore.generatePasswordFile(pwd);
            NodeSecretStore secrets = NodeSecretStore.create(dir.resolve(node + ".bcfks"), pwd, node);
            closeables.add(secrets);
            if (node.equals("node1") || standbyHasSecret) {
                secrets.saveKeyring(initial); // as after ssoconfig -restoresecret on that node
            }
            if (registerNodeKeys) {
                NodeKeys.registerPossibleOwner(observer, node, secrets, "test");
            }
            TlsMaterial tls = pki.node(node, TestPki.LOOPBACK, NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER);
            meters.put(node, new SimpleMeterRegistry());
            var type = new MasterSecretServiceType(
                    new MasterSecretServiceType.Environment(
                            TestPki.LOOPBACK,
                            0,
                            tls,
                            secrets,
                            store(StoreConfig.builder(url).timeouts(mssTimeouts)),
                            meters.get(node)),
                    settings);
            closeables.add(type);
            types.put(node, type);
            secretStores.put(node, secrets);
            cluster.startNode(node, b -> b.resourceType(type));
        }
        cluster.admin()
                .createGroup(GroupSpec.of(
                        "ENTSSO",
                        List.of("node1", "node2"),
                        List.of(
                                ResourceSpec.of("SSO IP", "IP Address", Map.of("Address", "10.0.0.50")),
                                ResourceSpec.of("SSO Name", "Network Name", Map.of("Name", "ENTSSO"))
                                        .withDependencies("[SSO IP]"),
                                ResourceSpec.of("Master Secret Service", MasterSecretServiceType.NAME, Map.of())
                                        .withDependencies("[SSO Name]"))));
    }

    /** A plain JDBC connection to the shared database, for tests that hold locks; the caller closes it. */
    Connection jdbc() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }

    /** {@code node}'s Master Secret Service type (node1 or node2). */
    MasterSecretServiceType types(String node) {
        return types.get(node);
    }

    /** {@code node}'s secret store (node1 or node2). */
    NodeSecretStore secretStore(String node) {
        return secretStores.get(node);
    }

    /** Lets {@code node} follow the group's crypto checkpoint as a standby, as {@code SsoNode} wires it. */
    void followCheckpoints(String node) {
        MasterSecretServiceType type = types.get(node);
        java.io.Closeable watch = cluster.admin()
                .watchCheckpoint("ENTSSO", "Master Secret Service", data -> type.checkpointSaved(node, data));
        closeables.add(watch::close);
    }

    /** The meters of {@code node}'s Master Secret Service (node1 or node2), across its terms. */
    MeterRegistry meters(String node) {
        return meters.get(node);
    }

    /** Settings with fast backup passwords, batches of {@code batchSize} and {@code pause} between them. */
    static SecretSettings settings(int batchSize, Duration pause) {
        return new SecretSettings(
                FAST, batchSize, pause, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    private SsoStore store() {
        return store(StoreConfig.builder(url));
    }

    private SsoStore store(StoreConfig.Builder config) {
        SsoStore store = SsoStore.open(config.build());
        closeables.add(store);
        return store;
    }

    /** The published {@code {Endpoint, Epoch, CurrentMsid}} once it names {@code epoch}. */
    Map<String, String> awaitName(long epoch) {
        List<Map<String, String>> seen = new ArrayList<>(List.of(Map.of()));
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .alias("name ENTSSO at epoch " + epoch + ", last seen")
                .until(() -> {
                    seen.set(0, cluster.admin().resolveName("ENTSSO").orElse(Map.of()));
                    return seen.get(0).containsKey("Endpoint")
                            && Long.parseLong(seen.get(0).get("Epoch")) == epoch;
                });
        return seen.get(0);
    }

    /** Puts {@code principal} in the SSO Administrators group. */
    void makeSsoAdministrator(String principal) {
        observer.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.groups().add(principal, s.globalInfo().get().settings().ssoAdminGroup());
            return null;
        });
    }

    /** A client presenting {@code tls} to the MSS at {@code endpoint}. */
    SecretAdminClient adminClient(TlsMaterial tls, String endpoint) {
        SecretAdminClient client =
                new SecretAdminClient(tls, URI.create(endpoint), Duration.ofSeconds(3), Timing.shortWait());
        closeables.add(client);
        return client;
    }

    TlsMaterial admin(String principal) {
        return pki.admin(principal);
    }

    /** An SSO server that finds the MSS through the network name and keeps the keyring in memory. */
    KeyringHolder ssoServer() {
        KeyringHolder holder = new KeyringHolder("ENTSSO", Clock.systemUTC());
        KeyringClient client = new KeyringClient(ssoServerTls);
        KeyringRefresher refresher =
                new KeyringRefresher(cluster.admin(), "ENTSSO", client, holder, Duration.ofSeconds(30));
        closeables.add(holder);
        closeables.add(client);
        closeables.add(refresher);
        refresher.start();
        return holder;
    }

    /** The lookup service of that SSO server. */
    CredentialLookupService lookups(KeyringHolder holder) {
        CredentialLookupService lookups =
                new CredentialLookupService(observer, holder, LookupSettings.defaults(), Clock.systemUTC());
        lookups.start();
        closeables.add(lookups);
        return lookups;
    }

    /** Waits until the master secret server of the next term on {@code owner} is published; returns its group. */
    GroupInfo awaitMss(String owner) {
        GroupInfo online = cluster.awaitGroup("ENTSSO", owner, GroupState.Online);
        Awaitility.await("ENTSSO published at epoch " + online.epoch())
                .atMost(Timing.forWaiting())
                .until(() -> cluster.admin()
                        .resolveName("ENTSSO")
                        .map(name -> String.valueOf(online.epoch()).equals(name.get("Epoch"))
                                && name.containsKey("Endpoint"))
                        .orElse(false));
        return online;
    }

    /** Where the master secret server is published now. */
    Supplier<Optional<URI>> endpoint() {
        return MasterSecretClient.published(cluster.admin(), "ENTSSO");
    }

    /** An SSO server's forwarding client (node3's certificate). */
    MasterSecretClient writesClient() {
        return writesClient(ssoServerTls);
    }

    MasterSecretClient writesClient(TlsMaterial material) {
        MasterSecretClient client = new MasterSecretClient(material, endpoint());
        closeables.add(client);
        return client;
    }

    /** An SSO server's lookup path on its own store, holding a copy of the initial keyring. */
    CredentialLookupService lookups() {
        KeyringHolder holder = new KeyringHolder("ENTSSO", Clock.systemUTC());
        byte[] encoded = KeyringEncoding.encode(initial);
        try {
            holder.install(KeyringEncoding.decode(encoded), 1);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
        CredentialLookupService lookups =
                new CredentialLookupService(store(), holder, LookupSettings.defaults(), Clock.systemUTC());
        closeables.add(holder);
        closeables.add(lookups);
        lookups.start();
        return lookups;
    }

    /** An enabled individual application with fields 0 (user id), 1 and 2. */
    AffiliateApplication app(String name) {
        return observer.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.applications().create(new ApplicationSpec(name, "d", null, APP_USERS, APP_ADMINS, 0x4, 3));
            return s.applications().updateFlags(name, 0x2, 0x2);
        });
    }

    /** An enabled Config Store application whose items hold {@code properties} (the first unmasked, the rest masked). */
    AffiliateApplication configStoreApp(String name, String... properties) {
        return ConfigStoreApps.create(observer, name, APP_USERS, APP_ADMINS, properties);
    }

    /** A disabled mapping without credentials, as {@code POST .../mappings} creates it. */
    Mapping map(AffiliateApplication app, WindowsAccount account, String externalUser) {
        return observer.inTransaction(
                Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> s.mappings().create(app.name(), account, externalUser));
    }

    void addToGroup(String principal, String group) {
        observer.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.groups().add(principal, group);
            return null;
        });
    }

    /** Account {@code CONTOSO\\u<i>}, i in 0..rows-1, each mapped with password {@code pw-i} under the initial secret. */
    void seedCredentials(int rows) {
        ValueCipher cipher = new ValueCipher(initial);
        UUID msid = initial.current().msid();
        observer.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.applications().create(new ApplicationSpec(APP, "d", null, "Payroll Users", "Payroll Admins", 0x4, 2));
            AffiliateApplication app = s.applications().updateFlags(APP, 0x2, 0x2);
            for (int i = 0; i < rows; i++) {
                WindowsAccount account = account(i);
                Mapping m = s.mappings().create(APP, account, "ext" + i);
                byte[] sealed = cipher.encrypt(
                        ("pw-" + i).getBytes(StandardCharsets.UTF_8), ValueBindings.credential(app.id(), m.id(), 1));
                s.credentials().put(m.id(), 1, new EncryptedValue(sealed, msid));
                s.mappings().setEnabled(APP, account, true, "test");
            }
            return null;
        });
    }

    static WindowsAccount account(int i) {
        return new WindowsAccount("CONTOSO", "u" + i);
    }

    /** Rows still under {@code msid}. */
    long rowsUnder(UUID msid) {
        return observer.read((StoreSession s) -> s.reencryption().count(msid));
    }

    /** A copy of a keyring, for a test to hold independently. */
    static Keyring copy(Keyring keyring) {
        return KeyringEncoding.decode(KeyringEncoding.encode(keyring));
    }

    @Override
    public void close() {
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // closing the rest anyway
            }
        }
        initial.close();
    }
}
