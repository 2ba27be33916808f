package org.entsso.sso.store.internal;

import java.time.Clock;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.CredentialRepository;
import org.entsso.sso.store.EncryptedValue;
import org.hibernate.Session;

/** Encrypted external credentials through Hibernate. Not thread-safe. */
final class HibernateCredentialRepository implements CredentialRepository {
    private final Session session;
    private final Clock clock;

    HibernateCredentialRepository(Session session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    @Override
    public void put(long mappingId, int fieldOrdinal, EncryptedValue value) {
        if (session.find(MappingEntity.class, mappingId) == null) {
            throw new SsoException(SsoError.MAPPING_NOT_FOUND, "Mapping " + mappingId + " does not exist.");
        }
        if (fieldOrdinal < 0) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "A field ordinal must not be negative.");
        }
        CredentialEntity c = session.createSelectionQuery(
                        "from CredentialEntity c where c.mappingId = :mapping and c.fieldOrdinal = :ordinal",
                        CredentialEntity.class)
                .setParameter("mapping", mappingId)
                .setParameter("ordinal", fieldOrdinal)
                .uniqueResultOptional()
                .orElseGet(CredentialEntity::new);
        c.mappingId = mappingId;
        c.fieldOrdinal = fieldOrdinal;
        c.encryptedValue = value.ciphertext();
        c.msid = value.msid().toString();
        c.updatedAt = clock.instant();
        if (c.id == null) {
            session.persist(c);
        }
        session.flush();
    }

    @Override
    public SortedMap<Integer, EncryptedValue> forMapping(long mappingId) {
        SortedMap<Integer, EncryptedValue> values = new TreeMap<>();
        session.createSelectionQuery("from CredentialEntity c where c.mappingId = :mapping", CredentialEntity.class)
                .setParameter("mapping", mappingId)
                .getResultList()
                .forEach(
                        c -> values.put(c.fieldOrdinal, new EncryptedValue(c.encryptedValue, UUID.fromString(c.msid))));
        return values;
    }

    @Override
    public int deleteForMapping(long mappingId) {
        session.flush();
        return session.createMutationQuery("delete from CredentialEntity c where c.mappingId = :mapping")
                .setParameter("mapping", mappingId)
                .executeUpdate();
    }
}
