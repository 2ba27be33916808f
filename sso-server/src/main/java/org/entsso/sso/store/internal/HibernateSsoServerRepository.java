package org.entsso.sso.store.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.SsoServerInfo;
import org.entsso.sso.store.SsoServerRepository;
import org.hibernate.Session;

/** SSO servers through Hibernate. Not thread-safe. */
final class HibernateSsoServerRepository implements SsoServerRepository {
    private final Session session;
    private final Clock clock;

    HibernateSsoServerRepository(Session session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    @Override
    public SsoServerInfo heartbeat(String name, String version, String status) {
        if (name == null
                || name.isBlank()
                || version == null
                || version.isBlank()
                || status == null
                || status.isBlank()) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "A server needs a name, a version and a status.");
        }
        SsoServerEntity e = entity(name).orElseGet(SsoServerEntity::new);
        e.name = name;
        e.version = version;
        e.status = status;
        e.lastSeen = clock.instant();
        if (e.id == null) {
            session.persist(e);
        }
        session.flush();
        return toRecord(e);
    }

    @Override
    public Optional<SsoServerInfo> find(String name) {
        return entity(name).map(HibernateSsoServerRepository::toRecord);
    }

    @Override
    public List<SsoServerInfo> list() {
        return session
                .createSelectionQuery("from SsoServerEntity s order by s.name", SsoServerEntity.class)
                .getResultList()
                .stream()
                .map(HibernateSsoServerRepository::toRecord)
                .toList();
    }

    @Override
    public boolean remove(String name) {
        Optional<SsoServerEntity> e = entity(name);
        e.ifPresent(session::remove);
        session.flush();
        return e.isPresent();
    }

    private Optional<SsoServerEntity> entity(String name) {
        return session.createSelectionQuery("from SsoServerEntity s where s.name = :name", SsoServerEntity.class)
                .setParameter("name", name)
                .uniqueResultOptional();
    }

    private static SsoServerInfo toRecord(SsoServerEntity e) {
        return new SsoServerInfo(e.name, e.version, e.lastSeen, e.status);
    }
}
