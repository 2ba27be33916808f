package org.entsso.sso.store.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.NodeRegistration;
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
    public NodeRegistration registerNode(
            String name, Set<String> roles, byte[] publicKeyDer, String version, Instant at) {
        if (name == null || name.isBlank() || version == null || version.isBlank() || at == null) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "A node needs a name, a version and a time.");
        }
        String joined = String.join(",", new TreeSet<>(roles));
        if (joined.length() > 64 || roles.stream().anyMatch(r -> r.isBlank() || r.contains(","))) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "Node roles must be labels of 64 characters in all.");
        }
        SsoServerEntity e = entity(name).orElseGet(SsoServerEntity::new);
        if (e.id == null) {
            e.name = name;
            e.status = "REGISTERED";
        }
        e.version = version;
        e.roles = joined;
        e.nodePublicKey = publicKeyDer == null ? null : publicKeyDer.clone();
        e.lastSeen = at;
        if (e.id == null) {
            session.persist(e);
        }
        session.flush();
        return registration(e);
    }

    @Override
    public List<NodeRegistration> nodesWithRole(String role) {
        return session
                .createSelectionQuery(
                        "from SsoServerEntity s where s.nodePublicKey is not null order by s.name",
                        SsoServerEntity.class)
                .getResultList()
                .stream()
                .map(HibernateSsoServerRepository::registration)
                .filter(n -> n.roles().contains(role))
                .toList();
    }

    private static NodeRegistration registration(SsoServerEntity e) {
        Set<String> roles = e.roles == null || e.roles.isBlank() ? Set.of() : Set.of(e.roles.split(","));
        return new NodeRegistration(e.name, roles, Optional.ofNullable(e.nodePublicKey), e.lastSeen);
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
