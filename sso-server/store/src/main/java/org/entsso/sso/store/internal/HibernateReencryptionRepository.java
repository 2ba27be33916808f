package org.entsso.sso.store.internal;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.entsso.sso.store.EncryptedRow;
import org.entsso.sso.store.EncryptedTable;
import org.entsso.sso.store.EncryptedValue;
import org.entsso.sso.store.ReencryptionBatch;
import org.entsso.sso.store.ReencryptionCursor;
import org.entsso.sso.store.ReencryptionRepository;
import org.entsso.sso.store.Replacement;
import org.hibernate.Session;

/**
 * The re-encryption walk through Hibernate. Each batch is a keyset query over the (msid, id) index of one table,
 * so a batch costs the same at the end of a large table as at its start. Not thread-safe.
 */
final class HibernateReencryptionRepository implements ReencryptionRepository {
    private static final String CREDENTIALS = "select c, m.applicationId from CredentialEntity c join MappingEntity m"
            + " on m.id = c.mappingId where c.msid = :msid and c.id > :after order by c.id";
    private static final String CONFIG_ITEMS =
            "from ConfigItemEntity c where c.msid = :msid and c.id > :after order by c.id";

    private final Session session;
    private final Clock clock;

    HibernateReencryptionRepository(Session session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    @Override
    public ReencryptionBatch nextBatch(UUID msid, ReencryptionCursor cursor, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        List<EncryptedRow> rows = new ArrayList<>();
        ReencryptionCursor position = cursor;
        while (true) {
            List<EncryptedRow> found = fetch(position, msid.toString(), limit - rows.size());
            rows.addAll(found);
            if (!found.isEmpty()) {
                position = new ReencryptionCursor(
                        position.table(), found.get(found.size() - 1).id());
            }
            if (rows.size() == limit) {
                return new ReencryptionBatch(rows, position, false);
            }
            EncryptedTable[] tables = EncryptedTable.values();
            if (position.table().ordinal() == tables.length - 1) {
                return new ReencryptionBatch(rows, position, true);
            }
            position = new ReencryptionCursor(tables[position.table().ordinal() + 1], 0);
        }
    }

    private List<EncryptedRow> fetch(ReencryptionCursor position, String msid, int limit) {
        if (position.table() == EncryptedTable.CREDENTIAL) {
            return session
                    .createSelectionQuery(CREDENTIALS, Object[].class)
                    .setParameter("msid", msid)
                    .setParameter("after", position.afterId())
                    .setMaxResults(limit)
                    .getResultList()
                    .stream()
                    .map(r -> credentialRow((CredentialEntity) r[0], (Long) r[1]))
                    .toList();
        }
        return session
                .createSelectionQuery(CONFIG_ITEMS, ConfigItemEntity.class)
                .setParameter("msid", msid)
                .setParameter("after", position.afterId())
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(HibernateReencryptionRepository::configRow)
                .toList();
    }

    private static EncryptedRow credentialRow(CredentialEntity c, long applicationId) {
        return new EncryptedRow(
                EncryptedTable.CREDENTIAL,
                c.id,
                applicationId,
                Optional.of(c.mappingId),
                Optional.of(c.fieldOrdinal),
                Optional.empty(),
                new EncryptedValue(c.encryptedValue, UUID.fromString(c.msid)));
    }

    private static EncryptedRow configRow(ConfigItemEntity c) {
        return new EncryptedRow(
                EncryptedTable.CONFIG_ITEM,
                c.id,
                c.applicationId,
                Optional.empty(),
                Optional.empty(),
                Optional.of(c.identifier),
                new EncryptedValue(c.encryptedValue, UUID.fromString(c.msid)));
    }

    @Override
    public boolean replace(EncryptedRow row, EncryptedValue newValue) {
        String entity = row.table() == EncryptedTable.CREDENTIAL ? "CredentialEntity" : "ConfigItemEntity";
        return session.createMutationQuery("update " + entity + " c set c.encryptedValue = :value, c.msid = :msid,"
                                + " c.updatedAt = :now where c.id = :id and c.msid = :old")
                        .setParameter("value", newValue.ciphertext())
                        .setParameter("msid", newValue.msid().toString())
                        .setParameter("now", clock.instant())
                        .setParameter("id", row.id())
                        .setParameter("old", row.value().msid().toString())
                        .executeUpdate()
                == 1;
    }

    @Override
    public int replaceAll(List<Replacement> replacements) {
        session.flush();
        int replaced = 0;
        for (EncryptedTable table : EncryptedTable.values()) {
            List<Replacement> forTable =
                    replacements.stream().filter(r -> r.row().table() == table).toList();
            if (!forTable.isEmpty()) {
                replaced += session.doReturningWork(c -> {
                    try (PreparedStatement update = c.prepareStatement(updateSql(table))) {
                        return executeBatch(update, forTable);
                    }
                });
            }
        }
        return replaced;
    }

    /** Fixed statements per table; nothing from the caller is concatenated into SQL. */
    private static String updateSql(EncryptedTable table) {
        String name = table == EncryptedTable.CREDENTIAL ? "external_credential" : "config_item";
        return "UPDATE " + name + " SET encrypted_value = ?, msid = ?, updated_at = ? WHERE id = ? AND msid = ?";
    }

    private int executeBatch(PreparedStatement update, List<Replacement> replacements) throws java.sql.SQLException {
        // DATETIME2 holds UTC wall-clock time, as Hibernate writes it (hibernate.jdbc.time_zone=UTC).
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (Replacement r : replacements) {
            update.setBytes(1, r.newValue().ciphertext());
            update.setString(2, r.newValue().msid().toString());
            update.setObject(3, now);
            update.setLong(4, r.row().id());
            update.setString(5, r.row().value().msid().toString());
            update.addBatch();
        }
        int replaced = 0;
        for (int count : update.executeBatch()) {
            replaced += count == Statement.SUCCESS_NO_INFO ? 1 : count;
        }
        return replaced;
    }

    @Override
    public long count(UUID msid) {
        long total = 0;
        for (String entity : List.of("CredentialEntity", "ConfigItemEntity")) {
            total += session.createSelectionQuery(
                            "select count(c) from " + entity + " c where c.msid = :msid", Long.class)
                    .setParameter("msid", msid.toString())
                    .getSingleResult();
        }
        return total;
    }
}
