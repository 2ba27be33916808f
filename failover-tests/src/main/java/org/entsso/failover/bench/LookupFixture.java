package org.entsso.failover.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.entsso.sso.AppFlags;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.KeyringEncoding;
import org.entsso.sso.crypto.Tickets;
import org.entsso.sso.crypto.ValueCipher;
import org.entsso.sso.server.CredentialLookupService;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.LookupSettings;
import org.entsso.sso.server.ValueBindings;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.ApplicationSpec;
import org.entsso.sso.store.EncryptedValue;
import org.entsso.sso.store.GlobalInfo;
import org.entsso.sso.store.GlobalSettings;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreConfig;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;

/**
 * The lookup path of one SSO server without its HTTPS front, shared by the lookup benchmarks: an H2 file database in
 * a temporary folder of its own (deleted on {@link #close()}) with one enabled application {@value #APPLICATION}
 * (users {@value #USERS}, administrators {@value #ADMINS}), a master secret registered as current, the keyring
 * installed in a {@link KeyringHolder}, and a started {@link CredentialLookupService} over the store. Mappings are added with {@link #map} (through the store's
 * repositories, as the master secret server writes them) or in bulk with {@link #seed} (batched JDBC inserts).
 *
 * <p>Lifecycle: build, add mappings, {@link #startLookups}, use, {@link #close()} (reverse order). Not thread-safe
 * while it is being built; the lookup service it starts is.
 */
final class LookupFixture implements AutoCloseable {
    static final String APPLICATION = "Bench";
    static final String USERS = "CONTOSO\\Bench Users";
    static final String ADMINS = "CONTOSO\\Bench Admins";

    private final Path dir;
    private final String jdbcUrl;
    private final SsoStore store;
    private final Keyring keyring;
    private final Tickets tickets;
    private final ValueCipher cipher;
    private final long applicationId;
    private KeyringHolder keyrings;
    private CredentialLookupService lookups;

    /** A fresh database in a new temporary folder named after {@code prefix}, with the application and the secret. */
    LookupFixture(String prefix) throws IOException {
        this.dir = Files.createTempDirectory(prefix);
        this.jdbcUrl = H2Urls.file(dir.resolve("sso"));
        this.store = SsoStore.open(StoreConfig.builder(jdbcUrl).build());
        this.keyring = Keyring.generate();
        this.cipher = new ValueCipher(keyring);
        this.tickets = new Tickets(cipher, java.time.Clock.systemUTC());
        store.takeOver(1, "bench");
        store.asMasterSecretServer(1, Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.secrets().register(keyring.current().msid());
            return s.globalInfo().setCurrentMsid(keyring.current().msid());
        });
        this.applicationId = store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            AffiliateApplication app =
                    s.applications().create(new ApplicationSpec(APPLICATION, "benchmark", null, USERS, ADMINS, 0x4, 2));
            s.applications().updateFlags(app.name(), 0x22, 0x22); // ENABLED | ALLOW_TICKETS
            GlobalInfo global = s.globalInfo().get();
            GlobalSettings g = global.settings();
            s.globalInfo()
                    .updateSettings(
                            global.updateStamp(),
                            new GlobalSettings(
                                    g.flags() | AppFlags.ALLOW_TICKETS,
                                    g.ssoEnabled(),
                                    g.auditAppDeleteCap(),
                                    g.auditMappingDeleteCap(),
                                    g.auditNtpLookupCap(),
                                    g.auditXpLookupCap(),
                                    g.ticketTimeoutMinutes(),
                                    g.credentialCacheTimeoutMinutes(),
                                    g.ssoAdminGroup(),
                                    g.affiliateAdminGroup(),
                                    g.auditPositiveLevel(),
                                    g.auditNegativeLevel()));
            return app.id();
        });
    }

    /** Adds {@code principal} to {@code group}. */
    void addToGroup(String principal, String group) {
        store.inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.groups().add(principal, group);
            return null;
        });
    }

    /**
     * Maps {@code account} to {@code externalUser} with credential field 1 = {@code password} (encrypted with
     * {@link ValueCipher} under its binding), enabled; returns the mapping.
     */
    Mapping map(WindowsAccount account, String externalUser, String password) {
        return store.inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            Mapping mapping = s.mappings().create(APPLICATION, account, externalUser);
            s.credentials().put(mapping.id(), 1, encrypt(mapping.id(), password));
            s.mappings().setEnabled(APPLICATION, account, true, "bench");
            return mapping;
        });
    }

    /**
     * Seeds {@code count} enabled mappings of {@link MappingSeeder#account}, each with field 1 encrypted; see
     * {@link MappingSeeder}.
     */
    void seed(int count) {
        new MappingSeeder(jdbcUrl, applicationId, this::encrypt).seed(count);
    }

    /**
     * A ticket issued by {@code account}, sealed under the fixture's master secret as an SSO server would seal it
     * (the application allows tickets, and so does the system).
     */
    String ticket(WindowsAccount account) {
        return tickets.issue(account.toString()).text();
    }

    /** Field 1 of mapping {@code mappingId}, encrypted as the master secret server stores it. */
    EncryptedValue encrypt(long mappingId, String value) {
        byte[] plain = value.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] sealed = cipher.encrypt(plain, ValueBindings.credential(applicationId, mappingId, 1));
            return new EncryptedValue(sealed, keyring.current().msid());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Installs the keyring in a holder (as fetched from the master secret server) and starts the lookup service. */
    CredentialLookupService startLookups(LookupSettings settings) {
        if (lookups != null) {
            throw new IllegalStateException("The lookup service is already started");
        }
        Clock clock = Clock.systemUTC();
        byte[] encoded = KeyringEncoding.encode(keyring);
        keyrings = new KeyringHolder("ENTSSO", clock);
        keyrings.install(KeyringEncoding.decode(encoded), 1);
        Arrays.fill(encoded, (byte) 0);
        lookups = new CredentialLookupService(store, keyrings, settings, clock);
        lookups.start();
        return lookups;
    }

    /** The lookup service {@link #startLookups} started. */
    CredentialLookupService lookups() {
        if (lookups == null) {
            throw new IllegalStateException("The lookup service is not started");
        }
        return lookups;
    }

    SsoStore store() {
        return store;
    }

    KeyringHolder keyrings() {
        return keyrings;
    }

    long applicationId() {
        return applicationId;
    }

    /** The bytes of the database files, now. */
    long databaseBytes() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (lookups != null) {
            lookups.close();
            keyrings.close();
        }
        store.close();
        keyring.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the benchmark database in " + dir, e);
        }
    }
}
