package org.entsso.sso.store.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.entsso.sso.store.AuditEntry;
import org.entsso.sso.store.AuditRepository;
import org.entsso.sso.store.WindowsAccount;
import org.hibernate.Session;

/**
 * The three audit tables as ring buffers that keep the newest rows up to the caps of the global row. (ENTSSO's own
 * trim resets the table once the cap is reached, anchors/entsso.md §3 "Observed defect"; this keeps the newest rows
 * instead.) The deleted-application and mapping tables are trimmed in the inserting transaction. The credential lookup
 * table is not: its inserts only note the kind ({@link #lookupTrimsWanted()}), and the {@link AuditTrimmer} trims it
 * after the commit in a transaction of its own. Every SSO server audits its lookups, and a trim in the lookup's
 * transaction made lookups on every node wait on the row locks of a node frozen mid-trim. Not thread-safe.
 */
final class AuditRecorder implements AuditRepository {
    private final Session session;
    private final Clock clock;
    private final Set<AuditEntry.LookupKind> lookupTrimsWanted = EnumSet.noneOf(AuditEntry.LookupKind.class);

    AuditRecorder(Session session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    void recordDeletedApplication(String applicationName, String deletedBy) {
        DeletedApplicationAuditEntity e = new DeletedApplicationAuditEntity();
        e.applicationName = applicationName;
        e.deletedBy = deletedBy;
        e.occurredAt = clock.instant();
        session.persist(e);
        trim("DeletedApplicationAuditEntity", "", global().auditAppDeleteCap);
    }

    void recordMappingChange(
            String applicationName, MappingEntity mapping, AuditEntry.MappingChange change, String changedBy) {
        addMappingChange(applicationName, mapping, change, changedBy);
        trimMappingChanges();
    }

    /** Adds a mapping audit row without trimming the table: a batch trims once, with {@link #trimMappingChanges()}. */
    void addMappingChange(
            String applicationName, MappingEntity mapping, AuditEntry.MappingChange change, String changedBy) {
        DeletedMappingAuditEntity e = new DeletedMappingAuditEntity();
        e.applicationName = applicationName;
        e.windowsDomain = mapping.windowsDomain;
        e.windowsUser = mapping.windowsUser;
        e.externalUser = mapping.externalUser;
        e.changeKind = change.name();
        e.changedBy = changedBy;
        e.occurredAt = clock.instant();
        session.persist(e);
    }

    /** Trims the mapping audit table to its cap. */
    void trimMappingChanges() {
        trim("DeletedMappingAuditEntity", "", global().auditMappingDeleteCap);
    }

    @Override
    public void recordCredentialLookup(
            AuditEntry.LookupKind kind,
            String applicationName,
            Optional<WindowsAccount> account,
            Optional<String> externalUser,
            Optional<String> clientHost,
            boolean succeeded,
            Optional<Integer> errorCode) {
        CredentialLookupAuditEntity e = new CredentialLookupAuditEntity();
        e.lookupKind = kind.name();
        e.applicationName = applicationName;
        e.windowsDomain = account.map(WindowsAccount::domain).orElse(null);
        e.windowsUser = account.map(WindowsAccount::user).orElse(null);
        e.externalUser = externalUser.orElse(null);
        e.clientHost = clientHost.orElse(null);
        e.succeeded = succeeded;
        e.errorCode = errorCode.orElse(null);
        e.occurredAt = clock.instant();
        session.persist(e);
        lookupTrimsWanted.add(kind);
    }

    /** The lookup kinds this transaction audited: the lookup table's trims it asks for once it has committed. */
    Set<AuditEntry.LookupKind> lookupTrimsWanted() {
        return lookupTrimsWanted;
    }

    @Override
    public int trimCredentialLookups(AuditEntry.LookupKind kind) {
        return trim("CredentialLookupAuditEntity", kind.name(), lookupCap(global(), kind));
    }

    private static int lookupCap(GlobalInfoEntity g, AuditEntry.LookupKind kind) {
        return kind == AuditEntry.LookupKind.NTP ? g.auditNtpLookupCap : g.auditXpLookupCap;
    }

    /**
     * Deletes the oldest rows (by id) beyond {@code cap}; {@code kind} filters the lookup table when not empty.
     *
     * @return the rows deleted
     */
    private int trim(String entity, String kind, int cap) {
        session.flush();
        String filter = kind.isEmpty() ? "" : " where e.lookupKind = :kind";
        var count = session.createSelectionQuery("select count(e) from " + entity + " e" + filter, Long.class);
        if (!kind.isEmpty()) {
            count.setParameter("kind", kind);
        }
        long excess = count.getSingleResult() - cap;
        if (excess <= 0) {
            return 0;
        }
        var oldest = session.createSelectionQuery(
                        "select e.id from " + entity + " e" + filter + " order by e.id", Long.class)
                .setMaxResults((int) excess);
        if (!kind.isEmpty()) {
            oldest.setParameter("kind", kind);
        }
        List<Long> ids = oldest.getResultList();
        var delete = session.createMutationQuery("delete from " + entity + " e where e.id <= :last"
                + (kind.isEmpty() ? "" : " and e.lookupKind = :kind"));
        delete.setParameter("last", ids.get(ids.size() - 1));
        if (!kind.isEmpty()) {
            delete.setParameter("kind", kind);
        }
        return delete.executeUpdate();
    }

    private GlobalInfoEntity global() {
        return session.find(GlobalInfoEntity.class, 1);
    }

    @Override
    public List<AuditEntry.DeletedApplication> deletedApplications() {
        return session
                .createSelectionQuery(
                        "from DeletedApplicationAuditEntity e order by e.id desc", DeletedApplicationAuditEntity.class)
                .getResultList()
                .stream()
                .map(e -> new AuditEntry.DeletedApplication(e.id, e.applicationName, e.deletedBy, e.occurredAt))
                .toList();
    }

    @Override
    public List<AuditEntry.DeletedMapping> mappingChangesSince(Instant since) {
        return session
                .createSelectionQuery(
                        "from DeletedMappingAuditEntity e where e.occurredAt >= :since order by e.occurredAt, e.id",
                        DeletedMappingAuditEntity.class)
                .setParameter("since", since)
                .getResultList()
                .stream()
                .map(e -> new AuditEntry.DeletedMapping(
                        e.id,
                        e.applicationName,
                        new WindowsAccount(e.windowsDomain, e.windowsUser),
                        Optional.ofNullable(e.externalUser),
                        AuditEntry.MappingChange.valueOf(e.changeKind),
                        e.changedBy,
                        e.occurredAt))
                .toList();
    }

    @Override
    public List<AuditEntry.CredentialLookup> credentialLookups(AuditEntry.LookupKind kind) {
        return session
                .createSelectionQuery(
                        "from CredentialLookupAuditEntity e where e.lookupKind = :kind order by e.id desc",
                        CredentialLookupAuditEntity.class)
                .setParameter("kind", kind.name())
                // The newest rows up to the cap: the table holds more until the trimmer catches up.
                .setMaxResults(lookupCap(global(), kind))
                .getResultList()
                .stream()
                .map(e -> new AuditEntry.CredentialLookup(
                        e.id,
                        AuditEntry.LookupKind.valueOf(e.lookupKind),
                        e.applicationName,
                        e.windowsDomain == null
                                ? Optional.empty()
                                : Optional.of(new WindowsAccount(e.windowsDomain, e.windowsUser)),
                        Optional.ofNullable(e.externalUser),
                        Optional.ofNullable(e.clientHost),
                        e.succeeded,
                        Optional.ofNullable(e.errorCode),
                        e.occurredAt))
                .toList();
    }
}
