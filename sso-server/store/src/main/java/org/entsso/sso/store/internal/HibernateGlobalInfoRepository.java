package org.entsso.sso.store.internal;

import java.util.Optional;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.GlobalInfo;
import org.entsso.sso.store.GlobalInfoRepository;
import org.entsso.sso.store.GlobalSettings;
import org.entsso.sso.store.ReencryptionCursor;
import org.entsso.sso.store.ReencryptionStatus;
import org.hibernate.Session;

/** The global row through Hibernate. Not thread-safe. */
final class HibernateGlobalInfoRepository implements GlobalInfoRepository {
    private final Session session;

    HibernateGlobalInfoRepository(Session session) {
        this.session = session;
    }

    @Override
    public GlobalInfo get() {
        return toRecord(load());
    }

    @Override
    public GlobalInfo updateSettings(long expectedUpdateStamp, GlobalSettings s) {
        GlobalInfoEntity g = load();
        if (g.updateStamp != expectedUpdateStamp) {
            throw new SsoException(
                    SsoError.CONCURRENT_UPDATE,
                    "Global information (update stamp " + g.updateStamp + ", expected " + expectedUpdateStamp + ").");
        }
        g.flags = s.flags();
        g.ssoEnabled = s.ssoEnabled();
        g.auditAppDeleteCap = s.auditAppDeleteCap();
        g.auditMappingDeleteCap = s.auditMappingDeleteCap();
        g.auditNtpLookupCap = s.auditNtpLookupCap();
        g.auditXpLookupCap = s.auditXpLookupCap();
        g.ticketTimeoutMinutes = s.ticketTimeoutMinutes();
        g.credCacheTimeoutMinutes = s.credentialCacheTimeoutMinutes();
        g.ssoAdminGroup = s.ssoAdminGroup();
        g.affiliateAdminGroup = s.affiliateAdminGroup();
        g.auditPositiveLevel = s.auditPositiveLevel();
        g.auditNegativeLevel = s.auditNegativeLevel();
        return flushed(g);
    }

    @Override
    public GlobalInfo setCurrentMsid(UUID msid) {
        GlobalInfoEntity g = load();
        g.currentMsid = msid.toString();
        return flushed(g);
    }

    @Override
    public GlobalInfo setReencryption(ReencryptionStatus status) {
        GlobalInfoEntity g = load();
        g.reencryptState = status.running() ? "RUNNING" : "IDLE";
        g.reencryptSourceMsid = status.sourceMsid().map(UUID::toString).orElse(null);
        g.reencryptCursor = status.cursor().map(ReencryptionCursor::token).orElse(null);
        return flushed(g);
    }

    private GlobalInfo flushed(GlobalInfoEntity g) {
        session.flush();
        return toRecord(g);
    }

    GlobalInfoEntity load() {
        return session.find(GlobalInfoEntity.class, 1);
    }

    static GlobalInfo toRecord(GlobalInfoEntity g) {
        GlobalSettings settings = new GlobalSettings(
                g.flags,
                g.ssoEnabled,
                g.auditAppDeleteCap,
                g.auditMappingDeleteCap,
                g.auditNtpLookupCap,
                g.auditXpLookupCap,
                g.ticketTimeoutMinutes,
                g.credCacheTimeoutMinutes,
                g.ssoAdminGroup,
                g.affiliateAdminGroup,
                g.auditPositiveLevel,
                g.auditNegativeLevel);
        ReencryptionStatus reencryption = "RUNNING".equals(g.reencryptState)
                ? ReencryptionStatus.running(
                        UUID.fromString(g.reencryptSourceMsid), ReencryptionCursor.parse(g.reencryptCursor))
                : ReencryptionStatus.idle();
        return new GlobalInfo(
                settings,
                Optional.ofNullable(g.secretServerName),
                Optional.ofNullable(g.currentMsid).map(UUID::fromString),
                reencryption,
                g.mssEpoch,
                g.updateStamp,
                g.groupsStamp);
    }
}
