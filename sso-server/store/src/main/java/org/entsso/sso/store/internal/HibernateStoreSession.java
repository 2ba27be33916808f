package org.entsso.sso.store.internal;

import java.time.Clock;
import java.util.Set;
import org.entsso.sso.store.ApplicationRepository;
import org.entsso.sso.store.AuditEntry;
import org.entsso.sso.store.AuditRepository;
import org.entsso.sso.store.ConfigItemRepository;
import org.entsso.sso.store.CredentialRepository;
import org.entsso.sso.store.GlobalInfoRepository;
import org.entsso.sso.store.GroupMembershipRepository;
import org.entsso.sso.store.MappingRepository;
import org.entsso.sso.store.ReencryptionRepository;
import org.entsso.sso.store.SecretMetadataRepository;
import org.entsso.sso.store.SsoServerRepository;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.WriteRequestRepository;
import org.hibernate.Session;

/** The repositories of one Hibernate session and its transaction. Not thread-safe (like the session). */
final class HibernateStoreSession implements StoreSession {
    private final Session session;
    private final Clock clock;
    private final AuditRecorder audit;

    HibernateStoreSession(Session session, Clock clock) {
        this.session = session;
        this.clock = clock;
        this.audit = new AuditRecorder(session, clock);
    }

    Session session() {
        return session;
    }

    /** The lookup audit trims this unit asks for once it has committed. */
    Set<AuditEntry.LookupKind> lookupTrimsWanted() {
        return audit.lookupTrimsWanted();
    }

    @Override
    public GlobalInfoRepository globalInfo() {
        return new HibernateGlobalInfoRepository(session);
    }

    @Override
    public ApplicationRepository applications() {
        return new HibernateApplicationRepository(session, clock, audit);
    }

    @Override
    public MappingRepository mappings() {
        return new HibernateMappingRepository(session, clock, audit);
    }

    @Override
    public CredentialRepository credentials() {
        return new HibernateCredentialRepository(session, clock);
    }

    @Override
    public ConfigItemRepository configItems() {
        return new HibernateConfigItemRepository(session, clock);
    }

    @Override
    public GroupMembershipRepository groups() {
        return new HibernateGroupMembershipRepository(session);
    }

    @Override
    public SsoServerRepository servers() {
        return new HibernateSsoServerRepository(session, clock);
    }

    @Override
    public AuditRepository audit() {
        return audit;
    }

    @Override
    public SecretMetadataRepository secrets() {
        return new HibernateSecretMetadataRepository(session, clock);
    }

    @Override
    public ReencryptionRepository reencryption() {
        return new HibernateReencryptionRepository(session, clock);
    }

    @Override
    public WriteRequestRepository writeRequests() {
        return new HibernateWriteRequestRepository(session);
    }
}
