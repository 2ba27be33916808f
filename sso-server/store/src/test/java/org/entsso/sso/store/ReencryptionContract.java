package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The re-encryption walk: encrypted rows by MSID in resumable batches, replaced conditionally. */
interface ReencryptionContract {
    /** The store under test. */
    SsoStore store();

    /** Creates an application with {@code numFields} fields. */
    AffiliateApplication createApp(String name, int numFields);

    @Test
    default void reencryptionWalk_visitsEveryRowOfAnMsidOnceInResumableBatches() {
        UUID oldMsid = UUID.randomUUID();
        UUID newMsid = UUID.randomUUID();
        String app = AbstractStoreContractTest.unique("Reenc");
        createApp(app, 3);
        store().inTransaction(Idempotency.NOT_IDEMPOTENT, (StoreSession s) -> {
            for (int i = 0; i < 3; i++) {
                Mapping m = s.mappings().create(app, new WindowsAccount("CONTOSO", "u" + i), "ext" + i);
                s.credentials().put(m.id(), 1, AbstractStoreContractTest.value("c1-" + i, oldMsid));
                s.credentials().put(m.id(), 2, AbstractStoreContractTest.value("c2-" + i, i == 0 ? newMsid : oldMsid));
            }
            s.configItems().put(app, "cfg-1", AbstractStoreContractTest.value("bag1", oldMsid));
            s.configItems().put(app, "cfg-2", AbstractStoreContractTest.value("bag2", oldMsid));
            return null;
        });
        assertThat(store().read((StoreSession s) -> s.reencryption().count(oldMsid)))
                .isEqualTo(7);

        List<EncryptedRow> visited = new ArrayList<>();
        String token = ReencryptionCursor.start().token();
        boolean exhausted = false;
        while (!exhausted) {
            ReencryptionCursor cursor = ReencryptionCursor.parse(token);
            ReencryptionBatch batch = store().inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
                ReencryptionBatch b = s.reencryption().nextBatch(oldMsid, cursor, 2);
                List<Replacement> replacements = new ArrayList<>();
                for (EncryptedRow row : b.rows()) {
                    byte[] reversed = new StringBuilder(new String(row.value().ciphertext(), StandardCharsets.UTF_8))
                            .reverse()
                            .toString()
                            .getBytes(StandardCharsets.UTF_8);
                    replacements.add(new Replacement(row, new EncryptedValue(reversed, newMsid)));
                }
                assertThat(s.reencryption().replaceAll(replacements))
                        .isEqualTo(b.rows().size());
                return b;
            });
            visited.addAll(batch.rows());
            token = batch.next().token();
            exhausted = batch.exhausted();
        }

        assertThat(visited).hasSize(7);
        assertThat(visited)
                .extracting(EncryptedRow::table)
                .containsSubsequence(EncryptedTable.CREDENTIAL, EncryptedTable.CONFIG_ITEM);
        assertThat(visited.stream().filter(r -> r.table() == EncryptedTable.CONFIG_ITEM))
                .allSatisfy(r -> assertThat(r.configIdentifier()).isPresent());
        assertThat(store().read((StoreSession s) -> s.reencryption().count(oldMsid)))
                .isZero();
        assertThat(store().read((StoreSession s) -> s.configItems().find(app, "cfg-1"))
                        .orElseThrow()
                        .value())
                .isEqualTo(AbstractStoreContractTest.value("1gab", newMsid));
        assertThat(store().inTransaction(
                                Idempotency.IDEMPOTENT,
                                (StoreSession s) -> s.reencryption()
                                        .replace(
                                                visited.get(0),
                                                AbstractStoreContractTest.value("stale", UUID.randomUUID()))))
                .as("a row already moved to the new MSID is not overwritten by a stale batch")
                .isFalse();
    }

    @Test
    default void reencryptionState_roundTripsThroughTheGlobalRow() {
        UUID msid = UUID.randomUUID();
        ReencryptionCursor cursor = new ReencryptionCursor(EncryptedTable.CONFIG_ITEM, 42);
        store().inTransaction(Idempotency.IDEMPOTENT, (StoreSession s) -> {
            s.globalInfo().setCurrentMsid(msid);
            return s.globalInfo().setReencryption(ReencryptionStatus.running(msid, cursor));
        });

        GlobalInfo g = store().read((StoreSession s) -> s.globalInfo().get());
        store().inTransaction(
                        Idempotency.IDEMPOTENT,
                        (StoreSession s) -> s.globalInfo().setReencryption(ReencryptionStatus.idle()));
        assertThat(g.currentMsid()).contains(msid);
        assertThat(g.reencryption().cursor()).contains(cursor);
    }
}
