package org.entsso.sso.store.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.AppType;
import org.entsso.sso.store.AuditEntry;
import org.entsso.sso.store.BatchRowException;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.MappingRepository;
import org.entsso.sso.store.MappingRows;
import org.entsso.sso.store.WindowsAccount;
import org.hibernate.Session;

/** Mappings through Hibernate. Not thread-safe. */
final class HibernateMappingRepository implements MappingRepository {
    /** The primary lookup path: one query over ux_affiliate_application_name and ux_mapping_windows. */
    private static final String BY_ACCOUNT = "select m from MappingEntity m join ApplicationEntity a on a.id ="
            + " m.applicationId where a.nameKey = upper(:app) and m.windowsDomain = :domain and m.windowsUser = :user"
            + " and m.hostKey = ''";

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
        boolean hostGroup = app.appType == AppType.HOST_GROUP.code();
        if (hostGroup) {
            Optional<MappingEntity> other = session.createSelectionQuery(
                            "from MappingEntity m where m.applicationId = :app and (m.windowsDomain <> :domain"
                                    + " or m.windowsUser <> :user)",
                            MappingEntity.class)
                    .setParameter("app", app.id)
                    .setParameter("domain", account.domain())
                    .setParameter("user", account.user())
                    .setMaxResults(1)
                    .uniqueResultOptional();
            if (other.isPresent()) {
                throw new SsoException(
                        SsoError.HOST_GROUP_ONE_ACCOUNT,
                        "Application Name: " + app.name + ". Windows Account: "
                                + new WindowsAccount(other.get().windowsDomain, other.get().windowsUser) + ".");
            }
        } else if (find(applicationName, account).isPresent()) {
            throw new SsoException(
                    SsoError.MAPPING_EXISTS, "Windows Account: " + account + ". Application Name: " + app.name + ".");
        }
        if (findByExternalUser(applicationName, externalUser).isPresent()) {
            throw new SsoException(
                    SsoError.MAPPING_EXISTS,
                    "External user " + externalUser + " is already mapped in application " + app.name + ".");
        }
        MappingEntity m = new MappingEntity();
        m.applicationId = app.id;
        m.windowsDomain = account.domain();
        m.windowsUser = account.user();
        m.externalUser = externalUser;
        m.hostKey = hostGroup ? externalUser : "";
        m.enabled = false;
        m.createdAt = clock.instant();
        m.updatedAt = m.createdAt;
        session.persist(m);
        session.flush();
        return toRecord(m, app.name);
    }

    @Override
    public void createAll(String applicationName, List<WindowsAccount> accounts, List<String> externalUsers) {
        createAll(List.of(new MappingRows(applicationName, accounts, externalUsers)));
    }

    @Override
    public void createAll(List<MappingRows> batches) {
        Map<String, ApplicationEntity> apps = Applications.requireAll(
                session, batches.stream().map(MappingRows::application).toList());
        Map<Long, List<Object[]>> existing = existingMappings(apps.values());
        List<Object[]> inserts = new ArrayList<>();
        int offset = 0;
        for (MappingRows batch : batches) {
            ApplicationEntity app = apps.get(Applications.key(batch.application()));
            check(app, batch, existing.getOrDefault(app.id, List.of()), offset, inserts);
            offset += batch.accounts().size();
        }
        insert(inserts);
    }

    /** Each application's mappings (application id, domain, user, external user), one query per 500 applications. */
    private Map<Long, List<Object[]>> existingMappings(java.util.Collection<ApplicationEntity> apps) {
        List<Long> ids = apps.stream().map(a -> a.id).distinct().toList();
        Map<Long, List<Object[]>> byApp = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            for (Object[] row : session.createSelectionQuery(
                            "select m.applicationId, m.windowsDomain, m.windowsUser, m.externalUser from MappingEntity m"
                                    + " where m.applicationId in (:ids)",
                            Object[].class)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
                    .getResultList()) {
                byApp.computeIfAbsent((Long) row[0], k -> new ArrayList<>()).add(row);
            }
        }
        return byApp;
    }

    /** The rules of a single create, on the whole set of one application; adds the rows to insert. */
    private static void check(
            ApplicationEntity app, MappingRows batch, List<Object[]> existing, int offset, List<Object[]> inserts) {
        boolean hostGroup = app.appType == AppType.HOST_GROUP.code();
        Set<String> takenExternal = new HashSet<>();
        Set<String> takenAccounts = new HashSet<>();
        String hostAccount = null;
        for (Object[] row : existing) {
            String account = accountKey((String) row[1], (String) row[2]);
            takenAccounts.add(account);
            takenExternal.add((String) row[3]);
            hostAccount = account;
        }
        for (int i = 0; i < batch.accounts().size(); i++) {
            WindowsAccount account = batch.accounts().get(i);
            String externalUser = batch.externalUsers().get(i);
            if (externalUser == null || externalUser.isBlank() || externalUser.length() > 256) {
                throw new BatchRowException(
                        offset + i, SsoError.INVALID_ARGUMENT, "The external user must be 1 to 256 characters.");
            }
            String key = accountKey(account.domain(), account.user());
            if (hostGroup) {
                if (hostAccount != null && !hostAccount.equals(key)) {
                    throw new BatchRowException(
                            offset + i,
                            SsoError.HOST_GROUP_ONE_ACCOUNT,
                            "Application Name: " + app.name + ". Windows Account: " + account + ".");
                }
                hostAccount = key;
            } else if (!takenAccounts.add(key)) {
                throw new BatchRowException(
                        offset + i,
                        SsoError.MAPPING_EXISTS,
                        "Windows Account: " + account + ". Application Name: " + app.name + ".");
            }
            if (!takenExternal.add(externalUser)) {
                throw new BatchRowException(
                        offset + i,
                        SsoError.MAPPING_EXISTS,
                        "External user " + externalUser + " is already mapped in application " + app.name + ".");
            }
            inserts.add(
                    new Object[] {app.id, account.domain(), account.user(), externalUser, hostGroup ? externalUser : ""
                    });
        }
    }

    /**
     * Multi-row inserts, ROWS_PER_INSERT at a time: one round trip each instead of one per mapping (an identity column
     * stops Hibernate from batching entity inserts). 9 parameters a row stay under SQL Server's 2,100.
     */
    private void insert(List<Object[]> rows) {
        Instant now = clock.instant();
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            int to = Math.min(rows.size(), from + ROWS_PER_INSERT);
            StringBuilder sql = new StringBuilder("insert into mapping (application_id, windows_domain, windows_user,"
                    + " external_user, host_key, enabled, flags, created_at, updated_at) values ");
            for (int i = from; i < to; i++) {
                sql.append(i == from ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?)");
            }
            var statement = session.createNativeMutationQuery(sql.toString());
            int p = 1;
            for (int i = from; i < to; i++) {
                for (Object value : rows.get(i)) {
                    statement.setParameter(p++, value);
                }
                statement.setParameter(p++, false);
                statement.setParameter(p++, 0);
                statement.setParameter(p++, now);
                statement.setParameter(p++, now);
            }
            statement.executeUpdate();
        }
    }

    /** Mappings per multi-row insert (ssomanage -createmappings). */
    private static final int ROWS_PER_INSERT = 200;

    /** Windows account names compare case-insensitively, as the unique index's collation does. */
    private static String accountKey(String domain, String user) {
        return (domain + "\\" + user).toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void deleteAll(List<Mapping> mappings, String deletedBy) {
        for (Mapping mapping : mappings) {
            MappingEntity m = require(mapping);
            session.remove(m);
            audit.addMappingChange(mapping.application(), m, AuditEntry.MappingChange.DELETED, deletedBy);
        }
        session.flush();
        audit.trimMappingChanges();
        session.clear(); // the removed mappings and their audit rows: nothing later in this unit needs them managed
    }

    @Override
    public Optional<Mapping> find(String applicationName, WindowsAccount account) {
        return entity(applicationName, account).map(m -> toRecord(m, name(m)));
    }

    private Optional<MappingEntity> entity(String applicationName, WindowsAccount account) {
        return session.createSelectionQuery(BY_ACCOUNT, MappingEntity.class)
                .setParameter("app", applicationName)
                .setParameter("domain", account.domain())
                .setParameter("user", account.user())
                .uniqueResultOptional();
    }

    @Override
    public Optional<Mapping> find(String applicationName, WindowsAccount account, String externalUser) {
        return findByExternalUser(applicationName, externalUser)
                .filter(m -> m.account().toString().equalsIgnoreCase(account.toString()));
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
                .map(m -> toRecord(m, name(m)));
    }

    @Override
    public List<Mapping> forAccount(WindowsAccount account) {
        return list(Optional.empty(), Optional.of(account));
    }

    @Override
    public List<Mapping> forApplication(String applicationName) {
        Applications.require(session, applicationName);
        return list(Optional.of(applicationName), Optional.empty());
    }

    @Override
    public List<Mapping> list(Optional<String> applicationName, Optional<WindowsAccount> account) {
        StringBuilder hql = new StringBuilder("select m, a.name from MappingEntity m join ApplicationEntity a"
                + " on a.id = m.applicationId where 1 = 1");
        applicationName.ifPresent(a -> hql.append(" and a.nameKey = upper(:app)"));
        account.ifPresent(a -> hql.append(" and m.windowsDomain = :domain and m.windowsUser = :user"));
        hql.append(" order by a.nameKey, m.windowsDomain, m.windowsUser, m.externalUser");
        var query = session.createSelectionQuery(hql.toString(), Object[].class);
        applicationName.ifPresent(a -> query.setParameter("app", a));
        account.ifPresent(a -> query.setParameter("domain", a.domain()).setParameter("user", a.user()));
        return query.getResultList().stream()
                .map(row -> toRecord((MappingEntity) row[0], (String) row[1]))
                .toList();
    }

    @Override
    public Mapping setEnabled(String applicationName, WindowsAccount account, boolean enabled, String changedBy) {
        return setEnabled(require(applicationName, account), enabled, changedBy);
    }

    @Override
    public Mapping setEnabled(Mapping mapping, boolean enabled, String changedBy) {
        return setEnabled(require(mapping), enabled, changedBy);
    }

    private Mapping setEnabled(MappingEntity m, boolean enabled, String changedBy) {
        String app = name(m);
        if (m.enabled && !enabled) {
            audit.recordMappingChange(app, m, AuditEntry.MappingChange.DISABLED, changedBy);
        }
        m.enabled = enabled;
        m.updatedAt = clock.instant();
        session.flush();
        return toRecord(m, app);
    }

    @Override
    public void delete(String applicationName, WindowsAccount account, String deletedBy) {
        delete(require(applicationName, account), deletedBy);
    }

    @Override
    public void delete(Mapping mapping, String deletedBy) {
        delete(require(mapping), deletedBy);
    }

    private void delete(MappingEntity m, String deletedBy) {
        String app = name(m);
        session.remove(m);
        session.flush();
        audit.recordMappingChange(app, m, AuditEntry.MappingChange.DELETED, deletedBy);
    }

    private MappingEntity require(String applicationName, WindowsAccount account) {
        return entity(applicationName, account)
                .orElseThrow(() -> new SsoException(
                        SsoError.MAPPING_NOT_FOUND,
                        "Windows Account: " + account + ". Application Name: " + applicationName + "."));
    }

    private MappingEntity require(Mapping mapping) {
        MappingEntity m = session.find(MappingEntity.class, mapping.id());
        if (m == null) {
            throw new SsoException(
                    SsoError.MAPPING_NOT_FOUND,
                    "Windows Account: " + mapping.account() + ". Application Name: " + mapping.application() + ".");
        }
        return m;
    }

    /** The application's name; its entity is in the session already on every path that gets here. */
    private String name(MappingEntity m) {
        return session.find(ApplicationEntity.class, m.applicationId).name;
    }

    static Mapping toRecord(MappingEntity m, String application) {
        return new Mapping(
                m.id,
                m.applicationId,
                new WindowsAccount(m.windowsDomain, m.windowsUser),
                m.externalUser,
                m.enabled,
                m.flags,
                application);
    }
}
