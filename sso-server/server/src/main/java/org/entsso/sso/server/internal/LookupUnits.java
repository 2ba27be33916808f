package org.entsso.sso.server.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.entsso.sso.AppFlags;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.ConfigBags;
import org.entsso.sso.server.Credentials;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.SecretBytes;
import org.entsso.sso.server.ValueBindings;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.AppType;
import org.entsso.sso.store.AuditEntry;
import org.entsso.sso.store.ConfigItem;
import org.entsso.sso.store.EncryptedValue;
import org.entsso.sso.store.FieldInfo;
import org.entsso.sso.store.GlobalSettings;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;

/**
 * The database side of a lookup, run inside one store transaction: access rules, the ENTSSO checks and decryption,
 * and the audit row of a credential lookup in the same transaction (so a refused lookup is audited too). Decryption
 * runs inside the unit because it is pure and its outcome belongs in the audit row. Refusals are returned, not thrown,
 * so that the transaction commits the audit row. Stateless apart from the keyring holder; thread-safe.
 */
public final class LookupUnits {
    private final KeyringHolder keyrings;

    public LookupUnits(KeyringHolder keyrings) {
        this.keyrings = keyrings;
    }

    /** What a unit produced: credentials or a refusal, and whether the application allows caching. */
    public record Outcome<T>(Optional<T> value, Optional<SsoException> refusal, boolean cacheable) {
        static <T> Outcome<T> refused(SsoException e) {
            return new Outcome<>(Optional.empty(), Optional.of(e), false);
        }

        /** The value, or throws the refusal. */
        public T get() {
            if (refusal.isPresent()) {
                throw refusal.get();
            }
            return value.orElseThrow();
        }
    }

    /** GetCredentials of {@code account} in {@code applicationName}, asked by {@code caller}. */
    public Outcome<Credentials> credentials(
            StoreSession s, String caller, String applicationName, WindowsAccount account) {
        Outcome<Credentials> outcome = findCredentials(s, caller, applicationName, account);
        s.audit()
                .recordCredentialLookup(
                        AuditEntry.LookupKind.NTP,
                        applicationName,
                        Optional.of(account),
                        outcome.value().map(Credentials::externalUser),
                        Optional.empty(),
                        outcome.refusal().isEmpty(),
                        outcome.refusal().map(SsoException::code));
        return outcome;
    }

    private Outcome<Credentials> findCredentials(
            StoreSession s, String caller, String applicationName, WindowsAccount account) {
        Optional<AffiliateApplication> found = s.applications().find(applicationName);
        if (found.isEmpty()) {
            return Outcome.refused(
                    new SsoException(SsoError.APPLICATION_NOT_FOUND, "Application Name: " + applicationName));
        }
        AffiliateApplication app = found.get();
        boolean own = caller.equalsIgnoreCase(account.toString());
        if (!own) {
            GlobalSettings global = s.globalInfo().get().settings();
            Set<String> groups = s.groups().groupsOf(caller);
            if (!Roles.isAdministrator(caller, groups, global, app)) {
                return Outcome.refused(
                        new SsoException(SsoError.ACCESS_DENIED, Roles.describe(Roles.administrators(global, app))));
            }
        }
        if (!app.enabled()) {
            return Outcome.refused(new SsoException(SsoError.APPLICATION_DISABLED, app.name()));
        }
        if (app.type() == AppType.CONFIG_STORE || app.type() == AppType.HOST_GROUP) {
            return Outcome.refused(new SsoException(
                    SsoError.WRONG_APPLICATION_TYPE,
                    app.name() + " is a " + app.type().label() + "-type application: "
                            + (app.type() == AppType.CONFIG_STORE
                                    ? "read its config info instead"
                                    : "it maps external accounts to Windows accounts (reverse lookup)")));
        }
        if (!app.has(AppFlags.WINDOWS_INITIATED)) {
            return Outcome.refused(new SsoException(
                    SsoError.WINDOWS_INITIATED_NOT_ENABLED,
                    "Application Name: " + app.name() + ". It serves host-initiated (reverse) lookups only."));
        }
        Optional<Mapping> mapping = app.type() == AppType.GROUP
                ? groupMapping(s, app, account)
                : s.mappings().find(app.name(), account);
        if (mapping.isEmpty()) {
            return Outcome.refused(new SsoException(SsoError.NO_MAPPING, account + " in " + app.name()));
        }
        if (!mapping.get().enabled()) {
            return Outcome.refused(new SsoException(SsoError.MAPPING_DISABLED, account + " in " + app.name()));
        }
        SortedMap<Integer, SecretBytes> fields = new TreeMap<>();
        try {
            for (Map.Entry<Integer, EncryptedValue> e :
                    s.credentials().forMapping(mapping.get().id()).entrySet()) {
                byte[] plain = keyrings.decrypt(
                        e.getValue().ciphertext(),
                        ValueBindings.credential(app.id(), mapping.get().id(), e.getKey()));
                fields.put(e.getKey(), SecretBytes.wrap(plain));
            }
        } catch (SsoException e) {
            fields.values().forEach(SecretBytes::clear);
            return Outcome.refused(e);
        }
        Credentials credentials =
                new Credentials(app.name(), account, mapping.get().externalUser(), fields);
        return new Outcome<>(Optional.of(credentials), Optional.empty(), !app.has(AppFlags.DISABLE_CREDENTIAL_CACHE));
    }

    /**
     * A Group application's mapping for {@code account}: that of the first of the application's user groups, in their
     * order, that has {@code account} as a member and a mapping (ENTSSO: "the first mapping in the order of SSO
     * Application Users is used").
     */
    private static Optional<Mapping> groupMapping(StoreSession s, AffiliateApplication app, WindowsAccount account) {
        Set<String> memberOf = new java.util.HashSet<>();
        s.groups().groupsOf(account.toString()).forEach(g -> memberOf.add(g.toLowerCase(java.util.Locale.ROOT)));
        for (String group : Roles.split(app.userGroups())) {
            if (!memberOf.contains(group.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            Optional<Mapping> mapping;
            try {
                mapping = s.mappings().find(app.name(), WindowsAccount.parse(group));
            } catch (SsoException notAnAccountName) {
                continue;
            }
            if (mapping.isPresent()) {
                return mapping;
            }
        }
        return Optional.empty();
    }

    /** How a ticket may be redeemed for {@code applicationName}: its lifetime and whether the sender must match. */
    public record TicketPolicy(String application, java.time.Duration lifetime, boolean validate) {}

    /**
     * ENTSSO's ticket rules for a redemption by {@code caller} (anchors/entsso.md §3): the caller administers the
     * application (11042); tickets are allowed system wide (10539) and by the application (10540); validation is
     * required when either the system or the application requires it; the lifetime is the application's own timeout
     * when it sets one, else the global one, and a year (ENTSSO's largest) when the application does not time tickets
     * out.
     */
    public static TicketPolicy ticketPolicy(StoreSession s, String caller, String applicationName) {
        AffiliateApplication app = s.applications().get(applicationName);
        GlobalSettings global = s.globalInfo().get().settings();
        if (!Roles.isAdministrator(caller, s.groups().groupsOf(caller), global, app)) {
            throw new SsoException(
                    SsoError.ACCESS_DENIED,
                    Roles.describe(Roles.administrators(global, app)) + " (only administrators redeem tickets)");
        }
        if (!global.ticketsAllowed()) {
            throw new SsoException(
                    SsoError.TICKETS_NOT_ALLOWED, "An SSO administrator allows them with ssomanage -tickets yes.");
        }
        if (!app.has(AppFlags.ALLOW_TICKETS)) {
            throw new SsoException(SsoError.APPLICATION_TICKETS_NOT_ALLOWED, app.name());
        }
        java.time.Duration lifetime = app.has(AppFlags.TICKET_TIMEOUT)
                ? java.time.Duration.ofMinutes(app.ticketTimeoutMinutes().orElse(global.ticketTimeoutMinutes()))
                : org.entsso.sso.crypto.Tickets.MAX_LIFETIME;
        return new TicketPolicy(app.name(), lifetime, global.ticketsValidated() || app.has(AppFlags.VALIDATE_TICKETS));
    }

    /**
     * Host-initiated (reverse) lookup: the Windows account {@code externalUser} maps to in {@code applicationName},
     * for the application's administrators, when host-initiated SSO is on system wide (10808) and for the application
     * (10809); with {@code password} checked against the mapping's field 1 when the application verifies external
     * credentials (10810 when it is missing or differs). Audited in the host-initiated lookup table, refusals too.
     */
    public Outcome<WindowsAccount> reverse(
            StoreSession s, String caller, String applicationName, String externalUser, Optional<byte[]> password) {
        Outcome<WindowsAccount> outcome = findAccount(s, caller, applicationName, externalUser, password);
        s.audit()
                .recordCredentialLookup(
                        AuditEntry.LookupKind.XP,
                        applicationName,
                        outcome.value(),
                        Optional.of(externalUser),
                        Optional.empty(),
                        outcome.refusal().isEmpty(),
                        outcome.refusal().map(SsoException::code));
        return outcome;
    }

    private Outcome<WindowsAccount> findAccount(
            StoreSession s, String caller, String applicationName, String externalUser, Optional<byte[]> password) {
        Optional<AffiliateApplication> found = s.applications().find(applicationName);
        if (found.isEmpty()) {
            return Outcome.refused(
                    new SsoException(SsoError.APPLICATION_NOT_FOUND, "Application Name: " + applicationName));
        }
        AffiliateApplication app = found.get();
        GlobalSettings global = s.globalInfo().get().settings();
        if (!Roles.isAdministrator(caller, s.groups().groupsOf(caller), global, app)) {
            return Outcome.refused(new SsoException(
                    SsoError.ACCESS_DENIED,
                    Roles.describe(Roles.administrators(global, app)) + " (host-initiated lookups are for the"
                            + " application's administrators)"));
        }
        if (!global.hostInitiatedEnabled()) {
            return Outcome.refused(new SsoException(
                    SsoError.HISSO_SYSTEM_NOT_ENABLED,
                    "An SSO administrator enables it with ssomanage -enable hisso."));
        }
        if (!app.has(AppFlags.HOST_INITIATED)) {
            return Outcome.refused(new SsoException(SsoError.HISSO_APP_NOT_ENABLED, "Application Name: " + app.name()));
        }
        if (!app.enabled()) {
            return Outcome.refused(new SsoException(SsoError.APPLICATION_DISABLED, app.name()));
        }
        Optional<Mapping> mapping = s.mappings().findByExternalUser(app.name(), externalUser);
        if (mapping.isEmpty()) {
            return Outcome.refused(
                    new SsoException(SsoError.NO_MAPPING, "External user " + externalUser + " in " + app.name()));
        }
        if (!mapping.get().enabled()) {
            return Outcome.refused(
                    new SsoException(SsoError.MAPPING_DISABLED, mapping.get().account() + " in " + app.name()));
        }
        if (app.has(AppFlags.VERIFY_EXTERNAL_CREDENTIALS)) {
            Optional<SsoException> wrong = verifyPassword(s, app, mapping.get(), password);
            if (wrong.isPresent()) {
                return Outcome.refused(wrong.get());
            }
        }
        return new Outcome<>(Optional.of(mapping.get().account()), Optional.empty(), false);
    }

    private Optional<SsoException> verifyPassword(
            StoreSession s, AffiliateApplication app, Mapping mapping, Optional<byte[]> password) {
        SsoException invalid = new SsoException(
                SsoError.HISSO_INVALID_CREDENTIALS, "External user " + mapping.externalUser() + " in " + app.name());
        EncryptedValue stored = s.credentials().forMapping(mapping.id()).get(1);
        if (password.isEmpty() || stored == null) {
            return Optional.of(invalid);
        }
        byte[] plain;
        try {
            plain = keyrings.decrypt(stored.ciphertext(), ValueBindings.credential(app.id(), mapping.id(), 1));
        } catch (SsoException e) {
            return Optional.of(e);
        }
        try {
            return java.security.MessageDigest.isEqual(plain, password.get()) ? Optional.empty() : Optional.of(invalid);
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * GetConfigInfo of item {@code identifier} in {@code applicationName}, asked by {@code caller}: in run-time mode
     * every property, in admin mode the bag without the properties whose field is masked (anchors/entsso.md §3).
     */
    public Outcome<SecretBytes> configInfo(
            StoreSession s, String caller, String applicationName, String identifier, boolean adminMode) {
        AffiliateApplication app;
        try {
            app = configStore(s, caller, applicationName);
        } catch (SsoException refused) {
            return Outcome.refused(refused);
        }
        Optional<ConfigItem> item = s.configItems().find(app.name(), identifier);
        if (item.isEmpty()) {
            return Outcome.refused(new SsoException(SsoError.NO_MAPPING, identifier + " in " + app.name()));
        }
        byte[] plain =
                keyrings.decrypt(item.get().value().ciphertext(), ValueBindings.configItem(app.id(), identifier));
        if (!adminMode) {
            return new Outcome<>(Optional.of(SecretBytes.wrap(plain)), Optional.empty(), false);
        }
        Set<String> masked = new java.util.HashSet<>();
        s.applications().fields(app.name()).stream().filter(FieldInfo::masked).forEach(f -> masked.add(f.label()));
        try {
            SortedMap<String, String> shown = ConfigBags.decode(plain);
            shown.keySet().removeAll(masked);
            return new Outcome<>(Optional.of(SecretBytes.wrap(ConfigBags.encode(shown))), Optional.empty(), false);
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    /** The identifiers of {@code applicationName}'s config items, for its users and administrators. */
    public static java.util.List<String> configIdentifiers(StoreSession s, String caller, String applicationName) {
        return s.configItems()
                .identifiers(configStore(s, caller, applicationName).name());
    }

    /** The Config Store application {@code applicationName}, if {@code caller} may read its items. */
    private static AffiliateApplication configStore(StoreSession s, String caller, String applicationName) {
        Optional<AffiliateApplication> found = s.applications().find(applicationName);
        if (found.isEmpty()) {
            throw new SsoException(SsoError.APPLICATION_NOT_FOUND, "Application Name: " + applicationName);
        }
        AffiliateApplication app = found.get();
        GlobalSettings global = s.globalInfo().get().settings();
        if (!Roles.isUserOrAdministrator(caller, s.groups().groupsOf(caller), global, app)) {
            Set<String> accounts = Roles.administrators(global, app);
            accounts.add(app.userGroups());
            throw new SsoException(SsoError.ACCESS_DENIED, Roles.describe(accounts));
        }
        if (app.type() != AppType.CONFIG_STORE) {
            throw new SsoException(
                    SsoError.WRONG_APPLICATION_TYPE,
                    app.name() + " is not a Config Store application (it is "
                            + app.type().label() + "); config info lives in Config Store" + " applications.");
        }
        return app;
    }
}
