package org.entsso.sso.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.entsso.cluster.testing.ManualClock;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.KeyringEncoding;
import org.entsso.sso.crypto.ValueCipher;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.ApplicationSpec;
import org.entsso.sso.store.EncryptedValue;
import org.entsso.sso.store.GlobalSettings;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.RetryPolicy;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreConfig;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;
import org.h2.tools.Server;

/**
 * An SSO database on an in-process H2 TCP server that a test can stop and start again on the same port (the real
 * mechanism behind "the database is down"), a store on it with a short retry policy, a writer keyring playing the
 * master secret server, and helpers that write applications, mappings and credentials the way the MSS will
 * (encrypted with {@link ValueBindings}). Not thread-safe; one per test class.
 */
final class LookupFixture implements AutoCloseable {
    static final String APP_USERS = "Payroll Users";
    static final String APP_ADMINS = "Payroll Admins";

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T12:00:00Z"));
    final Path dir;
    final SsoStore store;
    final Keyring writerKeyring;
    final GlobalSettings global;
    private final int port;
    private Server server;
    private ValueCipher writer;

    LookupFixture() throws IOException, SQLException {
        dir = Files.createTempDirectory("sso-lookups");
        server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists")
                .start();
        port = server.getPort();
        store = SsoStore.open(StoreConfig.builder(H2Urls.server("127.0.0.1", port, H2Urls.DEFAULT_DATABASE))
                .poolName("lookups")
                .maxPoolSize(2)
                .connectionTimeout(Duration.ofMillis(250))
                .retryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(2)))
                .build());
        writerKeyring = Keyring.generate();
        writer = new ValueCipher(writerKeyring);
        global = store.read((StoreSession s) -> s.globalInfo().get().settings());
    }

    /** An independent copy of the writer's keyring, for a holder to own. */
    Keyring copyOfWriterKeyring() {
        byte[] encoded = KeyringEncoding.encode(writer.keyring());
        try {
            return KeyringEncoding.decode(encoded);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    /** Rotates the writer's secret, as the MSS does on -generatesecret; returns a copy of the new keyring. */
    Keyring rotateWriter() {
        writer = new ValueCipher(writer.keyring().rotate());
        return copyOfWriterKeyring();
    }

    /** Stops the H2 TCP server: open connections break, new ones are refused. */
    void stopDatabase() {
        server.stop();
    }

    /** Starts the H2 TCP server again on the same port and base directory. */
    void startDatabase() throws SQLException {
        server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(), "-ifNotExists")
                .start();
    }

    /** Creates an enabled individual application with fields 0 (user) and 1, 2 (credentials). */
    AffiliateApplication enabledApp(String name) {
        return enabledApp(name, 0);
    }

    /** As {@link #enabledApp(String)}, with extra ENTSSO application flags. */
    AffiliateApplication enabledApp(String name, int extraFlags) {
        return store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            s.applications().create(new ApplicationSpec(name, "d", null, APP_USERS, APP_ADMINS, 0x4 | extraFlags, 3));
            return s.applications().updateFlags(name, 0x2, 0x2);
        });
    }

    /** An enabled Config Store application whose items hold {@code properties} (the first unmasked, the rest masked). */
    AffiliateApplication configStoreApp(String name, String... properties) {
        return ConfigStoreApps.create(store, name, APP_USERS, APP_ADMINS, properties);
    }

    /** Maps {@code account} to {@code externalUser}, sets credential fields 1.. and enables the mapping. */
    Mapping map(AffiliateApplication app, WindowsAccount account, String externalUser, String... fields) {
        return store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            Mapping m = s.mappings().create(app.name(), account, externalUser);
            putCredentials(s, app, m, fields);
            return s.mappings().setEnabled(app.name(), account, true, "test");
        });
    }

    /** Replaces the credentials of an existing mapping (encrypted under the writer's current secret). */
    void setCredentials(AffiliateApplication app, Mapping m, String... fields) {
        store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            putCredentials(s, app, m, fields);
            return null;
        });
    }

    private void putCredentials(StoreSession s, AffiliateApplication app, Mapping m, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            int ordinal = i + 1;
            byte[] sealed = writer.encrypt(
                    fields[i].getBytes(StandardCharsets.UTF_8), ValueBindings.credential(app.id(), m.id(), ordinal));
            s.credentials()
                    .put(
                            m.id(),
                            ordinal,
                            new EncryptedValue(
                                    sealed, writer.keyring().current().msid()));
        }
    }

    /** Stores a config item encrypted under the writer's current secret. */
    void putConfig(AffiliateApplication app, String identifier, String bag) {
        byte[] sealed =
                writer.encrypt(bag.getBytes(StandardCharsets.UTF_8), ValueBindings.configItem(app.id(), identifier));
        store.inTransaction(
                Idempotency.NOT_IDEMPOTENT,
                (StoreSession s) -> s.configItems()
                        .put(
                                app.name(),
                                identifier,
                                new EncryptedValue(
                                        sealed, writer.keyring().current().msid())));
    }

    /** Puts a principal in a group. */
    void addToGroup(String principal, String group) {
        store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.groups().add(principal, group);
            return null;
        });
    }

    @Override
    public void close() throws IOException {
        store.close();
        server.stop();
        writer.keyring().close();
        writerKeyring.close();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
