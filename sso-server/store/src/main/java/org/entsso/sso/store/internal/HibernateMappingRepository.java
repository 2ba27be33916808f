package org.entsso.sso.store.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.AuditEntry;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.MappingRepository;
import org.entsso.sso.store.WindowsAccount;
import org.hibernate.Session;

/** Mappings through Hibernate. Not thread-safe. */
final class HibernateMappingRepository implements MappingRepository {
    /** The primary lookup path: one query over ux_affiliate_application_name and ux_mapping_windows. */
    private static final String BY_ACCOUNT = "select m from MappingEntity m join ApplicationEntity a on a.id ="
            + " m.applicationId where a.nameKey = upper(:app) and m.windowsDomain = :domain and m.windowsUser = :user";

    private final Session session;
    private final Clock clock;
    private final AuditRecorder audit;

    HibernateMappingRepository(Session session, Clock clock, AuditRecorder audit) {
        this.session = session;
        this.clock = clock;
        this.audit = audit;
    }

    @Override
    public Mapping create(String applicationName, WindowsAccount account, String externalUser) {
        ApplicationEntity app = Applications.require(session, applicationName);
        if (externalUser == null || externalUser.isBlank() || externalUser.length() > 256) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "The external user must be 1 to 256 characters.");
        }
        if (find(applicationName, account).isPresent()) {
            throw new SsoException(
                    SsoError.ALREADY_EXISTS,
                    "A mapping for " + account + " in application " + app.name + " already exists.");
        }
        if (findByExternalUser(applicationName, externalUser).isPresent()) {
            throw new SsoException(
                    SsoError.ALREADY_EXISTS,
                    "External user " + externalUser + " is already mapped in" + " application " + app.name + ".");
        }
        MappingEntity m = new MappingEntity();
        m.applicationId = app.id;
        m.windowsDomain = account.domain();
        m.windowsUser = account.user();
        m.externalUser = externalUser;
        m.enabled = false;
        m.createdAt = clock.instant();
        m.updatedAt = m.createdAt;
        session.persist(m);
        session.flush();
        return toRecord(m);
    }

    @Override
    public Optional<Mapping> find(String applicationName, WindowsAccount account) {
        return entity(applicationName, account).map(HibernateMappingRepository::toRecord);
    }

    private Optional<MappingEntity> entity(String applicationName, WindowsAccount account) {
        return session.createSelectionQuery(BY_ACCOUNT, MappingEntity.class)
                .setParameter("app", applicationName)
                .setParameter("domain", account.domain())
                .setParameter("user", account.user())
                .uniqueResultOptional();
    }

    @Override
    public Optional<Mapping> findByExternalUser(String applicationName, String externalUser) {
        return session.createSelectionQuery(
                        "select m from MappingEntity m join ApplicationEntity a on a.id = m.applicationId"
                                + " where a.nameKey = upper(:app) and m.externalUser = :external",
                        MappingEntity.class)
                .setParameter("app", applicationName)
                .setParameter("external", externalUser)
                .uniqueResultOptional()
                .map(HibernateMappingRepository::toRecord);
    }

    @Override
    public List<Mapping> forAccount(WindowsAccount account) {
        return session
                .createSelectionQuery(
                        "from MappingEntity m where m.windowsDomain = :domain and m.windowsUser = :user"
                                + " order by m.applicationId",
                        MappingEntity.class)
                .setParameter("domain", account.domain())
                .setParameter("user", account.user())
                .getResultList()
                .stream()
                .map(HibernateMappingRepository::toRecord)
                .toList();
    }

    @Override
    public List<Mapping> forApplication(String applicationName) {
        ApplicationEntity app = Applications.require(session, applicationName);
        return session
                .createSelectionQuery(
                        "from MappingEntity m where m.applicationId = :app order by m.windowsDomain, m.windowsUser",
                        MappingEntity.class)
                .setParameter("app", app.id)
                .getResultList()
                .stream()
                .map(HibernateMappingRepository::toRecord)
                .toList();
    }

    @Override
    public Mapping setEnabled(String applicationName, WindowsAccount account, boolean enabled, String changedBy) {
        MappingEntity m = require(applicationName, account);
        if (m.enabled && !enabled) {
            audit.recordMappingChange(
                    Applications.require(session, applicationName).name,
                    m,
                    AuditEntry.MappingChange.DISABLED,
                    changedBy);
        }
        m.enabled = enabled;
        m.updatedAt = clock.instant();
        session.flush();
        return toRecord(m);
    }

    @Override
    public void delete(String applicationName, WindowsAccount account, String deletedBy) {
        MappingEntity m = require(applicationName, account);
        String app = Applications.require(session, applicationName).name;
        session.remove(m);
        session.flush();
        audit.recordMappingChange(app, m, AuditEntry.MappingChange.DELETED, deletedBy);
    }

    private MappingEntity require(String applicationName, WindowsAccount account) {
        return entity(applicationName, account)
                .orElseThrow(() -> new SsoException(
                        SsoError.NOT_FOUND, "No mapping for " + account + " in application " + applicationName + "."));
    }

    static Mapping toRecord(MappingEntity m) {
        return new Mapping(
                m.id,
                m.applicationId,
                new WindowsAccount(m.windowsDomain, m.windowsUser),
                m.externalUser,
                m.enabled,
                m.flags);
    }
}
