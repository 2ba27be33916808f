package org.entsso.sso.store.internal;

import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.AppType;
import org.entsso.sso.store.ApplicationRepository;
import org.entsso.sso.store.ApplicationSpec;
import org.entsso.sso.store.FieldInfo;
import org.entsso.sso.store.PurgeStep;
import org.hibernate.Session;

/** Affiliate applications and field definitions through Hibernate. Not thread-safe. */
final class HibernateApplicationRepository implements ApplicationRepository {
    private final Session session;
    private final Clock clock;
    private final AuditRecorder audit;

    HibernateApplicationRepository(Session session, Clock clock, AuditRecorder audit) {
        this.session = session;
        this.clock = clock;
        this.audit = audit;
    }

    @Override
    public AffiliateApplication create(ApplicationSpec spec) {
        if (Applications.find(session, spec.name()).isPresent()) {
            throw new SsoException(SsoError.APPLICATION_EXISTS, "Application Name: " + spec.name());
        }
        ApplicationEntity e = entity(spec, clock.instant());
        session.persist(e);
        // A concurrent create of the same name in another letter case fails here on the unique index.
        session.flush();
        return toRecord(e);
    }

    @Override
    public void createAll(List<ApplicationSpec> specs, List<List<FieldInfo>> fields) {
        if (specs.size() != fields.size()) {
            throw new IllegalArgumentException("one field list per application");
        }
        java.util.Map<String, Integer> rows = new java.util.LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            rows.putIfAbsent(Applications.key(specs.get(i).name()), i);
        }
        Applications.findAll(session, List.copyOf(rows.keySet())).stream()
                .mapToInt(a -> rows.get(a.nameKey))
                .min()
                .ifPresent(row -> {
                    throw new org.entsso.sso.store.BatchRowException(
                            row,
                            SsoError.APPLICATION_EXISTS,
                            "Application Name: " + specs.get(row).name());
                });
        java.time.Instant now = clock.instant();
        List<ApplicationEntity> created = new java.util.ArrayList<>(specs.size());
        for (ApplicationSpec spec : specs) {
            ApplicationEntity e = entity(spec, now);
            session.persist(e); // an identity column: the insert runs now
            created.add(e);
        }
        for (int i = 0; i < specs.size(); i++) {
            for (FieldInfo field : fields.get(i)) {
                if (field.ordinal() >= specs.get(i).numFields()) {
                    throw new org.entsso.sso.store.BatchRowException(
                            i,
                            SsoError.INVALID_ARGUMENT,
                            "Field " + field.ordinal() + " is beyond the application's" + " "
                                    + specs.get(i).numFields() + " fields.");
                }
                session.persist(fieldEntity(created.get(i).id, field));
            }
        }
        // A name taken meanwhile in another letter case fails here on the unique index.
        session.flush();
    }

    @Override
    public List<AffiliateApplication> findAll(List<String> names) {
        return Applications.findAll(
                        session, names.stream().map(Applications::key).toList())
                .stream()
                .map(HibernateApplicationRepository::toRecord)
                .toList();
    }

    @Override
    public Optional<AffiliateApplication> find(String name) {
        return Applications.find(session, name).map(HibernateApplicationRepository::toRecord);
    }

    @Override
    public AffiliateApplication get(String name) {
        return toRecord(Applications.require(session, name));
    }

    @Override
    public List<AffiliateApplication> list() {
        return session
                .createSelectionQuery("from ApplicationEntity a order by a.nameKey", ApplicationEntity.class)
                .getResultList()
                .stream()
                .map(HibernateApplicationRepository::toRecord)
                .toList();
    }

    @Override
    public AffiliateApplication updateFlags(String name, int flags, int mask) {
        ApplicationEntity e = Applications.require(session, name);
        e.flags = (e.flags & ~mask) | (flags & mask);
        return touched(e);
    }

    @Override
    public AffiliateApplication updateDetails(
            String name, String description, String contact, String userGroups, String adminGroups) {
        ApplicationEntity e = Applications.require(session, name);
        ApplicationSpec checked = new ApplicationSpec(
                e.name, description, contact, userGroups, adminGroups, e.flags, e.numFields, type(e));
        e.description = checked.description();
        e.contact = checked.contact();
        e.userGroups = checked.userGroups();
        e.adminGroups = checked.adminGroups();
        return touched(e);
    }

    @Override
    public AffiliateApplication updateTicketTimeout(String name, Optional<Integer> minutes) {
        ApplicationEntity e = Applications.require(session, name);
        minutes.ifPresent(m -> {
            if (m < 1 || m > 525_600) {
                throw new SsoException(SsoError.INVALID_ARGUMENT, "ticketTimeoutMinutes must be 1 to 525600");
            }
        });
        e.ticketTimeoutMinutes = minutes.orElse(null);
        return touched(e);
    }

    @Override
    public PurgeStep purgeCache(String name) {
        ApplicationEntity e = Applications.require(session, name);
        // Locked and re-read: the step starts at the committed id, and no other change can step from it until we
        // commit, so the steps of an application form one chain (a fork would let a server skip a lost signal).
        session.refresh(e, LockModeType.PESSIMISTIC_WRITE);
        UUID before = UUID.fromString(e.purgeId);
        UUID purgeId = UUID.randomUUID();
        e.purgeId = purgeId.toString();
        touched(e);
        return new PurgeStep(before, purgeId);
    }

    @Override
    public void delete(String name, String deletedBy) {
        ApplicationEntity e = Applications.require(session, name);
        String storedName = e.name;
        // Fields, mappings, credentials and config items go with it (ON DELETE CASCADE in the schema).
        session.remove(e);
        session.flush();
        session.clear();
        audit.recordDeletedApplication(storedName, deletedBy);
    }

    @Override
    public void addField(String applicationName, FieldInfo field) {
        ApplicationEntity app = Applications.require(session, applicationName);
        if (field.ordinal() >= app.numFields) {
            throw new SsoException(
                    SsoError.INVALID_ARGUMENT,
                    "Field " + field.ordinal() + " is beyond the " + app.numFields + " fields of application "
                            + app.name + ".");
        }
        boolean taken = !session.createSelectionQuery(
                        "select f.id from FieldInfoEntity f where f.applicationId = :app and f.ordinal = :ordinal",
                        Long.class)
                .setParameter("app", app.id)
                .setParameter("ordinal", field.ordinal())
                .getResultList()
                .isEmpty();
        if (taken) {
            throw new SsoException(
                    SsoError.ALREADY_EXISTS,
                    "Field " + field.ordinal() + " of application " + app.name + " already exists.");
        }
        if (field.synchronizedField() && fields(applicationName).stream().anyMatch(FieldInfo::synchronizedField)) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "Only one field can be synchronized.");
        }
        session.persist(fieldEntity(app.id, field));
        session.flush();
    }

    @Override
    public List<FieldInfo> fields(String applicationName) {
        ApplicationEntity app = Applications.require(session, applicationName);
        return session
                .createSelectionQuery(
                        "from FieldInfoEntity f where f.applicationId = :app order by f.ordinal", FieldInfoEntity.class)
                .setParameter("app", app.id)
                .getResultList()
                .stream()
                .map(f -> new FieldInfo(f.ordinal, f.label, f.masked, f.synchronizedField))
                .toList();
    }

    private AffiliateApplication touched(ApplicationEntity e) {
        e.updatedAt = clock.instant();
        session.flush();
        return toRecord(e);
    }

    private static ApplicationEntity entity(ApplicationSpec spec, java.time.Instant now) {
        ApplicationEntity e = new ApplicationEntity();
        e.name = spec.name();
        e.description = spec.description();
        e.contact = spec.contact();
        e.userGroups = spec.userGroups();
        e.adminGroups = spec.adminGroups();
        e.flags = spec.flags();
        e.numFields = spec.numFields();
        e.appType = spec.type().code();
        e.purgeId = UUID.randomUUID().toString();
        e.createdAt = now;
        e.updatedAt = now;
        return e;
    }

    private static FieldInfoEntity fieldEntity(long applicationId, FieldInfo field) {
        FieldInfoEntity f = new FieldInfoEntity();
        f.applicationId = applicationId;
        f.ordinal = field.ordinal();
        f.label = field.label();
        f.masked = field.masked();
        f.synchronizedField = field.synchronizedField();
        return f;
    }

    static AffiliateApplication toRecord(ApplicationEntity e) {
        return new AffiliateApplication(
                e.id,
                e.name,
                Optional.ofNullable(e.description),
                Optional.ofNullable(e.contact),
                e.userGroups,
                e.adminGroups,
                e.flags,
                e.numFields,
                Optional.ofNullable(e.ticketTimeoutMinutes),
                UUID.fromString(e.purgeId),
                type(e));
    }

    private static AppType type(ApplicationEntity e) {
        return AppType.fromCode(e.appType)
                .orElseThrow(() -> new IllegalStateException("Unknown app_type " + e.appType + " of " + e.name));
    }
}
