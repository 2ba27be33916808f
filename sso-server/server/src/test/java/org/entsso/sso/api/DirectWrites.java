package org.entsso.sso.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.api.internal.Access;
import org.entsso.sso.api.internal.Json;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.ValueCipher;
import org.entsso.sso.server.EncryptingWrites;
import org.entsso.sso.server.ValueBindings;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.EncryptedValue;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WindowsAccount;

/**
 * The encrypting writes as the master secret server runs them, without the network hop: encrypted with
 * {@link ValueCipher} and {@link ValueBindings} straight into the store, fenced by the fixture's epoch, the mapping
 * enabled by SetCredentials, the config bag stored as a UTF-8 JSON object. A test can make the next writes fail with
 * an error (e.g. 10783, as when no master secret server is online). Records the request ids it saw. Thread-safe.
 */
final class DirectWrites implements EncryptingWrites {
    private final SsoStore store;
    private final ValueCipher cipher;
    private final Keyring keyring;
    private final AtomicReference<SsoException> failure = new AtomicReference<>();
    final List<UUID> requestIds = Collections.synchronizedList(new ArrayList<>());

    DirectWrites(SsoStore store, Keyring keyring) {
        this.store = store;
        this.keyring = keyring;
        this.cipher = new ValueCipher(keyring);
    }

    /** Every later write throws {@code error} until {@link #succeed()}. */
    void fail(SsoException error) {
        failure.set(error);
    }

    void succeed() {
        failure.set(null);
    }

    @Override
    public Optional<PurgeStep> setCredentials(
            String caller,
            UUID requestId,
            String application,
            WindowsAccount account,
            SortedMap<Integer, byte[]> fields) {
        requestIds.add(requestId);
        throwIfFailing();
        return store.asMasterSecretServer(ApiFixture.EPOCH, Idempotency.IDEMPOTENT, (StoreSession s) -> {
            AffiliateApplication app = s.applications().get(application);
            Access.requireMappingManager(s, caller, app, account);
            Mapping mapping = s.mappings()
                    .find(app.name(), account)
                    .orElseThrow(() -> new SsoException(SsoError.NO_MAPPING, account + " in " + app.name()));
            for (Map.Entry<Integer, byte[]> field : fields.entrySet()) {
                if (field.getKey() >= app.numFields()) {
                    throw new SsoException(SsoError.INVALID_ARGUMENT, "No field " + field.getKey());
                }
                byte[] sealed = cipher.encrypt(
                        field.getValue(), ValueBindings.credential(app.id(), mapping.id(), field.getKey()));
                s.credentials()
                        .put(
                                mapping.id(),
                                field.getKey(),
                                new EncryptedValue(sealed, keyring.current().msid()));
            }
            s.mappings().setEnabled(app.name(), account, true, caller);
            return Optional.of(s.applications().purgeCache(app.name()));
        });
    }

    @Override
    public void setConfigInfo(
            String caller, UUID requestId, String application, String identifier, Map<String, String> properties) {
        requestIds.add(requestId);
        throwIfFailing();
        byte[] bag;
        try {
            bag = Json.MAPPER.writeValueAsString(properties).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        store.asMasterSecretServer(ApiFixture.EPOCH, Idempotency.IDEMPOTENT, (StoreSession s) -> {
            AffiliateApplication app = s.applications().get(application);
            Access.requireAdministrator(s, caller, app);
            byte[] sealed = cipher.encrypt(bag, ValueBindings.configItem(app.id(), identifier));
            return s.configItems()
                    .put(
                            app.name(),
                            identifier,
                            new EncryptedValue(sealed, keyring.current().msid()));
        });
    }

    private void throwIfFailing() {
        SsoException error = failure.get();
        if (error != null) {
            throw error;
        }
    }
}
