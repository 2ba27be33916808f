package org.entsso.sso.api;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.mss.FencedWrites;
import org.entsso.sso.server.EncryptingWrites;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.WindowsAccount;

/**
 * The encrypting writes as the master secret server runs them ({@link FencedWrites}, fenced by the fixture's epoch),
 * without the network hop. A test can make the next writes fail with
 * an error (e.g. 10783, as when no master secret server is online). Records the request ids it saw. Thread-safe.
 */
final class DirectWrites implements EncryptingWrites {
    private final FencedWrites fenced;
    private final AtomicReference<SsoException> failure = new AtomicReference<>();
    final List<UUID> requestIds = Collections.synchronizedList(new ArrayList<>());

    DirectWrites(SsoStore store, Keyring keyring) {
        this.fenced = new FencedWrites(store, () -> keyring, ApiFixture.EPOCH, Clock.systemUTC());
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
        return fenced.setCredentials(caller, requestId, application, account, fields);
    }

    @Override
    public void setConfigInfo(
            String caller, UUID requestId, String application, String identifier, Map<String, String> properties) {
        requestIds.add(requestId);
        throwIfFailing();
        fenced.setConfigInfo(caller, requestId, application, identifier, properties);
    }

    private void throwIfFailing() {
        SsoException error = failure.get();
        if (error != null) {
            throw error;
        }
    }
}
