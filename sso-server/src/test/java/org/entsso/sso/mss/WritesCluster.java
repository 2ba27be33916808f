package org.entsso.sso.mss;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.testing.InProcessCluster;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.KeyringEncoding;
import org.entsso.sso.crypto.NodeRole;
import org.entsso.sso.crypto.NodeSecretStore;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.LookupSettings;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.ApplicationSpec;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreConfig;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.transport.TlsMaterial;

/**
 * The ENTSSO group on a real ZooKeeper ensemble (node1 and node2 possible owners of the master secret server) with a
 * shared H2 file database, and what an SSO server (node3) uses to write through the master secret server and read
 * back: a {@link MasterSecretClient} and a {@link CredentialLookupService} over its own store with the keyring
 * installed. Not thread-safe; one per test class or test.
 */
final class WritesCluster implements AutoCloseable {
    static final String APP_USERS = "Payroll Users";
    static final String APP_ADMINS = "Payroll Admins";

    final TestPki pki = new TestPki();
    final Keyring keyring = Keyring.generate();
    final InProcessCluster cluster;
    final SsoStore observer;
    final TlsMaterial ssoServer = pki.ssoServer("node3");
    private final Path dir;
    private final String url;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    WritesCluster(Path dir) throws Exception {
        this.dir = dir;
        cluster = InProcessCluster.start(3);
        closeables.add(cluster);
        url = H2Urls.file(dir.resolve("sso"));
        observer = store();
        for (String node : List.of("node1", "node2")) {
            Path passwords = dir.resolve(node + ".pwd");
            NodeSecretStore.generatePasswordFile(passwords);
            NodeSecretStore secrets = NodeSecretStore.create(dir.resolve(node + ".bcfks"), passwords, node);
            secrets.saveKeyring(keyring); // as after ssoconfig -restoresecret on each possible owner
            closeables.add(secrets);
            TlsMaterial tls = pki.node(node, TestPki.LOOPBACK, NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER);
            var type = new MasterSecretServiceType(
                    new MasterSecretServiceType.Environment(TestPki.LOOPBACK, 0, tls, secrets, store()));
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

    private SsoStore store() {
        SsoStore store = SsoStore.open(StoreConfig.builder(url).build());
        closeables.add(store);
        return store;
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
    MasterSecretClient client() {
        return client(ssoServer);
    }

    MasterSecretClient client(TlsMaterial material) {
        MasterSecretClient client = new MasterSecretClient(material, endpoint());
        closeables.add(client);
        return client;
    }

    /** An SSO server's lookup path on its own store, holding a copy of the keyring. */
    CredentialLookupService lookups() {
        KeyringHolder holder = new KeyringHolder("ENTSSO", Clock.systemUTC());
        byte[] encoded = KeyringEncoding.encode(keyring);
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
        keyring.close();
    }
}
