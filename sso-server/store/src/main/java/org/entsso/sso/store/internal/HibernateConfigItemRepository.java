package org.entsso.sso.store.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.ConfigItem;
import org.entsso.sso.store.ConfigItemRepository;
import org.entsso.sso.store.EncryptedValue;
import org.hibernate.Session;

/** Config-store items through Hibernate. Not thread-safe. */
final class HibernateConfigItemRepository implements ConfigItemRepository {
    private final Session session;
    private final Clock clock;

    HibernateConfigItemRepository(Session session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    @Override
    public ConfigItem put(String applicationName, String identifier, EncryptedValue value) {
        ApplicationEntity app = Applications.require(session, applicationName);
        if (identifier == null || identifier.isBlank() || identifier.length() > 256) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "A config identifier must be 1 to 256 characters.");
        }
        ConfigItemEntity e = entity(app.id, identifier).orElseGet(ConfigItemEntity::new);
        e.applicationId = app.id;
        e.identifier = identifier;
        e.encryptedValue = value.ciphertext();
        e.msid = value.msid().toString();
        e.updatedAt = clock.instant();
        if (e.id == null) {
            session.persist(e);
        }
        session.flush();
        return toRecord(e);
    }

    @Override
    public Optional<ConfigItem> find(String applicationName, String identifier) {
        return Applications.find(session, applicationName)
                .flatMap(app -> entity(app.id, identifier))
                .map(HibernateConfigItemRepository::toRecord);
    }

    @Override
    public List<String> identifiers(String applicationName) {
        ApplicationEntity app = Applications.require(session, applicationName);
        return session.createSelectionQuery(
                        "select c.identifier from ConfigItemEntity c where c.applicationId = :app order by c.identifier",
                        String.class)
                .setParameter("app", app.id)
                .getResultList();
    }

    @Override
    public boolean delete(String applicationName, String identifier) {
        Optional<ConfigItemEntity> e =
                Applications.find(session, applicationName).flatMap(app -> entity(app.id, identifier));
        e.ifPresent(session::remove);
        session.flush();
        return e.isPresent();
    }

    private Optional<ConfigItemEntity> entity(long applicationId, String identifier) {
        return session.createSelectionQuery(
                        "from ConfigItemEntity c where c.applicationId = :app and c.identifier = :id",
                        ConfigItemEntity.class)
                .setParameter("app", applicationId)
                .setParameter("id", identifier)
                .uniqueResultOptional();
    }

    static ConfigItem toRecord(ConfigItemEntity e) {
        return new ConfigItem(
                e.id,
                e.applicationId,
                e.identifier,
                new EncryptedValue(e.encryptedValue, UUID.fromString(e.msid)),
                e.updatedAt);
    }
}
