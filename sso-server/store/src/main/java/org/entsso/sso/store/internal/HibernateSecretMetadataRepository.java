package org.entsso.sso.store.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.SecretMetadata;
import org.entsso.sso.store.SecretMetadataRepository;
import org.hibernate.Session;

/** Secret metadata through Hibernate. Not thread-safe. */
final class HibernateSecretMetadataRepository implements SecretMetadataRepository {
    private final Session session;
    private final Clock clock;

    HibernateSecretMetadataRepository(Session session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    @Override
    public SecretMetadata register(UUID msid) {
        SecretMetadataEntity e = session.find(SecretMetadataEntity.class, msid.toString());
        if (e == null) {
            e = new SecretMetadataEntity();
            e.msid = msid.toString();
            e.createdAt = clock.instant();
            session.persist(e);
            session.flush();
        }
        return toRecord(e);
    }

    @Override
    public SecretMetadata recordBackup(UUID msid, Instant at) {
        SecretMetadataEntity e = require(msid);
        e.lastBackupAt = at;
        session.flush();
        return toRecord(e);
    }

    @Override
    public SecretMetadata retire(UUID msid) {
        SecretMetadataEntity e = require(msid);
        e.retired = true;
        session.flush();
        return toRecord(e);
    }

    @Override
    public Optional<SecretMetadata> find(UUID msid) {
        return Optional.ofNullable(session.find(SecretMetadataEntity.class, msid.toString()))
                .map(HibernateSecretMetadataRepository::toRecord);
    }

    @Override
    public List<SecretMetadata> list() {
        return session
                .createSelectionQuery(
                        "from SecretMetadataEntity s order by s.createdAt, s.msid", SecretMetadataEntity.class)
                .getResultList()
                .stream()
                .map(HibernateSecretMetadataRepository::toRecord)
                .toList();
    }

    private SecretMetadataEntity require(UUID msid) {
        SecretMetadataEntity e = session.find(SecretMetadataEntity.class, msid.toString());
        if (e == null) {
            throw new SsoException(SsoError.NOT_FOUND, "Secret " + msid + " is not known.");
        }
        return e;
    }

    private static SecretMetadata toRecord(SecretMetadataEntity e) {
        return new SecretMetadata(UUID.fromString(e.msid), e.createdAt, Optional.ofNullable(e.lastBackupAt), e.retired);
    }
}
