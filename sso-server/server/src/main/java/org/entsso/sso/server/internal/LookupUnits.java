package org.entsso.sso.server.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.server.Credentials;
import org.entsso.sso.server.KeyringHolder;
import org.entsso.sso.server.SecretBytes;
import org.entsso.sso.server.ValueBindings;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.AppFlags;
import org.entsso.sso.store.AuditEntry;
import org.entsso.sso.store.ConfigItem;
import org.entsso.sso.store.EncryptedValue;
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
        Optional<Mapping> mapping = s.mappings().find(app.name(), account);
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

    /** GetConfigInfo of item {@code identifier} in {@code applicationName}, asked by {@code caller}. */
    public Outcome<SecretBytes> configInfo(StoreSession s, String caller, String applicationName, String identifier) {
        Optional<AffiliateApplication> found = s.applications().find(applicationName);
        if (found.isEmpty()) {
            return Outcome.refused(
                    new SsoException(SsoError.APPLICATION_NOT_FOUND, "Application Name: " + applicationName));
        }
        AffiliateApplication app = found.get();
        GlobalSettings global = s.globalInfo().get().settings();
        if (!Roles.isUserOrAdministrator(caller, s.groups().groupsOf(caller), global, app)) {
            Set<String> accounts = Roles.administrators(global, app);
            accounts.add(app.userGroups());
            return Outcome.refused(new SsoException(SsoError.ACCESS_DENIED, Roles.describe(accounts)));
        }
        Optional<ConfigItem> item = s.configItems().find(app.name(), identifier);
        if (item.isEmpty()) {
            return Outcome.refused(new SsoException(SsoError.NO_MAPPING, identifier + " in " + app.name()));
        }
        byte[] plain =
                keyrings.decrypt(item.get().value().ciphertext(), ValueBindings.configItem(app.id(), identifier));
        return new Outcome<>(Optional.of(SecretBytes.wrap(plain)), Optional.empty(), false);
    }
}
