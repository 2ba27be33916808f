package org.entsso.sso.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.Tickets;
import org.entsso.sso.server.internal.CredentialCache;
import org.entsso.sso.server.internal.DatabaseHealth;
import org.entsso.sso.server.internal.GlobalView;
import org.entsso.sso.server.internal.LocalCallers;
import org.entsso.sso.server.internal.LookupMeters;
import org.entsso.sso.server.internal.LookupUnits;
import org.entsso.sso.server.internal.TicketPolicies;
import org.entsso.sso.store.GlobalInfo;
import org.entsso.sso.store.GlobalSettings;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.UnitOfWork;
import org.entsso.sso.store.WindowsAccount;

/**
 * The lookup path every SSO server runs (DESIGN.md decision 7): credentials ({@code GetCredentials}) and config-store
 * items ({@code GetConfigInfo}) read from the SSO database and decrypted with the cached keyring, credentials kept in
 * a cache for {@link LookupSettings#credentialCacheTimeout()} (anchors/entsso.md §1), at most
 * {@link LookupSettings#credentialCacheMaxEntries()} of them.
 *
 * <p>Tickets ({@link #issueTicket}, {@link #redeemTicket}) and the host-initiated {@link #reverseLookup} live here too:
 * a redemption ends in the same cached lookup, and all of them share the global view, the outage handling and the
 * meters, which is why this class is longer than most (STYLE.md's 500 lines).
 *
 * <p>Access (anchors/entsso.md §4): a caller reads its own credentials; another account's only by redeeming its
 * ticket as an SSO administrator, SSO affiliate administrator or administrator of the application (11042 otherwise;
 * the HTTPS API offers nothing else). Config info is for the application's users and administrators. Unknown application: 10756; disabled application: 10755; no
 * mapping: 10757; disabled mapping: 10764; no keyring yet: 10532. Every credential lookup that reaches the database is
 * recorded in the database's lookup audit table (never the credential); cache hits are not, as the database may be the
 * very thing that is down (the SSO AUDIT log records every lookup at audit level 3, sso-server/docs/audit.md).
 *
 * <p>Database outage (DESIGN.md, SQL outage row): when the store reports the database unreachable (10515 or a
 * transient error), cached credentials are still served, also for {@link LookupOption#REFRESH}, while less than
 * {@link LookupSettings#databaseOutageGrace()} has passed since the database last answered; lookups the cache cannot
 * answer fail with 10515. After the grace the service is {@link Availability#OFFLINE}: every lookup tries the database
 * and fails with 10590 until a call succeeds again. {@link #probeDatabase()} is what a periodic poller calls.
 *
 * <p>The cache holds plaintext, which a keyring rotation does not change, so installing a keyring leaves it alone;
 * {@link #invalidate(String)} drops one application and {@link #invalidate(String, String)} one account of it (the
 * cluster-wide purge drives both).
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED; {@link #close()} zeroes the cache and is idempotent. Thread-safe.
 */
public final class CredentialLookupService implements Closeable {
    private static final Logger LOG = LogManager.getLogger(CredentialLookupService.class);

    /** The lifecycle states. */
    public enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    private final SsoStore store;
    private final LookupUnits units;
    private final CredentialCache cache;
    private final DatabaseHealth health;
    private final GlobalView global;
    private final Tickets tickets;
    private final TicketPolicies ticketPolicies = new TicketPolicies();
    private final Duration cacheTimeout;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final Consumer<CacheChange> broadcast;
    private volatile LookupMeters meters = LookupMeters.NONE;

    /** A service over {@code store} and {@code keyrings}; the clock drives cache expiry and the outage grace. */
    public CredentialLookupService(SsoStore store, KeyringHolder keyrings, LookupSettings settings, Clock clock) {
        this(store, keyrings, settings, clock, change -> {});
    }

    /**
     * A service whose {@link #changed} calls also tell the other SSO servers: {@code broadcast} receives the change
     * after this server dropped its own entries (the node's ZooKeeper purge channel). It must not block for long and
     * must not throw.
     */
    public CredentialLookupService(
            SsoStore store,
            KeyringHolder keyrings,
            LookupSettings settings,
            Clock clock,
            Consumer<CacheChange> broadcast) {
        this.broadcast = Objects.requireNonNull(broadcast, "broadcast");
        this.store = Objects.requireNonNull(store, "store");
        this.units = new LookupUnits(Objects.requireNonNull(keyrings, "keyrings"));
        this.tickets = new Tickets(keyrings, clock);
        this.cache =
                new CredentialCache(clock, settings.credentialCacheTimeout(), settings.credentialCacheMaxEntries());
        this.health = new DatabaseHealth(clock, settings.databaseOutageGrace());
        this.global = new GlobalView(clock);
        this.cacheTimeout = settings.credentialCacheTimeout();
    }

    /**
     * Records every lookup's latency and outcome on {@code registry} ({@code entsso.lookups}, docs/metrics.md). Call
     * before {@link #start()}.
     *
     * @return this service
     * @throws IllegalStateException when already started or closed
     */
    public CredentialLookupService instrument(MeterRegistry registry) {
        if (state.get() != State.LATENT) {
            throw new IllegalStateException("Instrument the lookup service before start(); it is " + state.get());
        }
        meters = LookupMeters.on(registry);
        return this;
    }

    /** @throws IllegalStateException when already started or closed */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("Cannot start a lookup service that is " + state.get());
        }
        LOG.info("Lookup service {} -> {}", State.LATENT, State.STARTED);
    }

    /** The lifecycle state. */
    public State state() {
        return state.get();
    }

    /** The caller's own credentials ({@code caller} is its Windows account, {@code DOMAIN\\user}). */
    public Credentials getCredentials(WindowsAccount caller, String application, Set<LookupOption> options) {
        return getCredentials(caller.toString(), application, caller, options);
    }

    /**
     * The credentials of {@code account} in {@code application}, asked by the principal {@code caller}. The result is
     * the caller's copy: it may {@link Credentials#clear()} it when done.
     *
     * @throws SsoException as listed on the class
     */
    public Credentials getCredentials(
            String caller, String application, WindowsAccount account, Set<LookupOption> options) {
        checkStarted();
        long start = System.nanoTime();
        RuntimeException failure = null;
        try {
            return credentials(caller, application, account, options);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            meters.record(LookupMeters.Kind.CREDENTIALS, failure, System.nanoTime() - start);
        }
    }

    private Credentials credentials(
            String caller, String application, WindowsAccount account, Set<LookupOption> options) {
        boolean refresh = options.contains(LookupOption.REFRESH);
        String key = account.toString();
        Duration maxAge = requireSsoEnabled();
        if (!refresh && health.availability() != Availability.OFFLINE) {
            Optional<Credentials> hit = cache.get(application, caller, key, maxAge);
            if (hit.isPresent()) {
                return hit.get();
            }
        }
        // Taken before the read: a change that lands while we read keeps our (maybe older) value out of the cache.
        CredentialCache.Generation readAt = cache.generation(application, key);
        DatabaseHealth.ReadPermit permit = health.readPermit();
        if (permit == DatabaseHealth.ReadPermit.REFUSED) {
            // Another lookup is finding out whether the database is back; this one answers now.
            if (health.availability() == Availability.OFFLINE) {
                throw new SsoException(SsoError.GOING_OFFLINE, health.graceText());
            }
            return cachedOrNotCached(caller, application, account, null);
        }
        LookupUnits.Outcome<Credentials> outcome;
        try {
            outcome = call(s -> units.credentials(s, caller, application, account));
        } catch (SsoException unreachable) {
            if (unreachable.error() == SsoError.DATABASE_UNAVAILABLE) {
                return cachedOrNotCached(caller, application, account, unreachable);
            }
            throw unreachable;
        } finally {
            if (permit == DatabaseHealth.ReadPermit.TRIAL) {
                health.trialDone();
            }
        }
        Credentials credentials = outcome.get();
        if (outcome.cacheable()) {
            cache.put(application, caller, key, credentials.copy(), readAt);
        }
        return credentials;
    }

    /**
     * Refuses with 10754 while SSO is disabled system wide; otherwise the credential cache timeout to honour: the global
     * one when it is shorter than this server's (issue 12 item 6).
     */
    private Duration requireSsoEnabled() {
        Optional<GlobalSettings> settings = globalSettings();
        if (settings.isEmpty()) {
            return cacheTimeout;
        }
        Duration global = Duration.ofMinutes(settings.get().credentialCacheTimeoutMinutes());
        return global.compareTo(cacheTimeout) < 0 ? global : cacheTimeout;
    }

    /**
     * Refuses with 11068 a lookup from another machine while remote lookups are off system wide ({@code ssoconfig
     * -remoteLookup no}); loopback callers always pass. Reads the cached global row.
     *
     * @param remoteAddress the caller's IP address as the connection shows it
     */
    public void requireLookupCaller(String remoteAddress) {
        Optional<GlobalInfo> row = globalRow();
        if (row.isPresent() && !row.get().settings().remoteLookupAllowed() && !LocalCallers.isLocal(remoteAddress)) {
            throw new SsoException(
                    SsoError.REMOTE_LOOKUP_DENIED,
                    "Caller address: " + (remoteAddress == null || remoteAddress.isBlank() ? "unknown" : remoteAddress)
                            + ". An SSO administrator allows remote lookups with ssoconfig -remoteLookup yes.");
        }
    }

    /** The global row as this server last read it, read again when a change was signalled and the database is up. */
    private Optional<GlobalInfo> globalRow() {
        return global.get(() -> store.read(s -> s.globalInfo().get()), health.availability() == Availability.ONLINE);
    }

    /** This server's view of the global settings (empty while it cannot be read), refusing 10754 while disabled. */
    private Optional<GlobalSettings> globalSettings() {
        Optional<GlobalInfo> row = globalRow();
        if (row.isPresent() && !row.get().settings().ssoEnabled()) {
            throw new SsoException(SsoError.SSO_DISABLED, "An SSO administrator enables it with ssomanage -enablesso.");
        }
        return row.map(GlobalInfo::settings);
    }

    /**
     * IssueTicket: a ticket for {@code caller} only (anchors/entsso.md §3), sealed by this server under the master
     * secret, so any SSO server redeems it, across a change of master secret server too.
     *
     * @throws SsoException 10754 while SSO is disabled; 10539 while tickets are not allowed system wide; 10532 before
     *     this server holds the master secret
     */
    public Tickets.Issued issueTicket(WindowsAccount caller) {
        checkStarted();
        Optional<GlobalSettings> settings = globalSettings();
        boolean allowed = settings.isPresent()
                ? settings.get().ticketsAllowed()
                : call(s -> s.globalInfo().get().settings().ticketsAllowed());
        if (!allowed) {
            throw new SsoException(
                    SsoError.TICKETS_NOT_ALLOWED, "An SSO administrator allows them with ssomanage -tickets yes.");
        }
        return tickets.issue(caller.toString());
    }

    /**
     * RedeemTicket / ValidateAndRedeemTicket: the credentials in {@code application} of the account that issued
     * {@code ticket}, for an administrator of the application. With a {@code sender}, or whenever the system or the
     * application validates tickets, the issuer must be the sender (10594).
     *
     * @throws SsoException 11042 for a caller who does not administer the application; 10539/10540 when tickets are
     *     not allowed; 10592/10593/10790 for a ticket that is not valid, malformed or timed out; 10594 for a sender
     *     that is missing or is not the issuer; then everything {@link #getCredentials} throws
     */
    public Credentials redeemTicket(
            String caller, String application, String ticket, Optional<String> sender, Set<LookupOption> options) {
        checkStarted();
        globalSettings();
        LookupUnits.TicketPolicy policy = ticketPolicies.get(
                application, caller, () -> call(s -> LookupUnits.ticketPolicy(s, caller, application)));
        Tickets.Redeemed issuer;
        if (sender.isPresent()) {
            issuer = tickets.validateAndRedeem(ticket, sender.get(), policy.lifetime());
        } else if (policy.validate()) {
            throw new SsoException(
                    SsoError.TICKET_SENDER_MISMATCH,
                    "Sender Name: none. " + policy.application() + " validates tickets: name the message sender.");
        } else {
            issuer = tickets.redeem(ticket, policy.lifetime());
        }
        WindowsAccount account;
        try {
            account = WindowsAccount.parse(issuer.principal());
        } catch (SsoException notAnAccount) {
            throw new SsoException(SsoError.TICKET_NOT_VALID, "Its issuer is not a domain account.", notAnAccount);
        }
        return getCredentials(caller, policy.application(), account, options);
    }

    /**
     * Host-initiated SSO: the Windows account that {@code externalUser} maps to in {@code application} (never
     * cached), for the application's administrators; {@code password} is checked when the application verifies
     * external credentials. The caller keeps ownership of {@code password}.
     *
     * @throws SsoException 11042, 10808, 10809, 10810, 10755, 10756, 10757, 10764, or the database's 10515/10590
     */
    public WindowsAccount reverseLookup(
            String caller, String application, String externalUser, Optional<byte[]> password) {
        checkStarted();
        long start = System.nanoTime();
        RuntimeException failure = null;
        try {
            globalSettings();
            return call(s -> units.reverse(s, caller, application, externalUser, password))
                    .get();
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            meters.record(LookupMeters.Kind.CREDENTIALS, failure, System.nanoTime() - start);
        }
    }

    /**
     * The audit levels of the global settings as this server last read them (ENTSSO's defaults 0 and 1 before a read
     * succeeded). Never throws, never waits on a failing database.
     */
    public org.entsso.sso.audit.AuditLevels auditLevels() {
        try {
            return globalRow()
                    .map(r -> new org.entsso.sso.audit.AuditLevels(
                            r.settings().auditPositiveLevel(), r.settings().auditNegativeLevel()))
                    .orElse(org.entsso.sso.audit.AuditLevels.DEFAULT);
        } catch (RuntimeException e) {
            return org.entsso.sso.audit.AuditLevels.DEFAULT;
        }
    }

    /**
     * The global settings or group membership changed (a signal from the server that changed them, or this server's
     * poll): every cached credential is dropped, since a group change may take a caller's right away, and the settings
     * are read again before the next lookup.
     */
    public void globalChanged() {
        global.changed();
        ticketPolicies.clear();
        cache.clear();
    }

    /** What the periodic poll read of the global row: a change it shows that no signal brought is applied now. */
    public void globalPolled(GlobalInfo row) {
        if (global.accept(row)) {
            ticketPolicies.clear();
            cache.clear();
        }
    }

    /** Tells every SSO server (this one first) that the global settings or group membership changed. */
    public void globalChangeCommitted() {
        globalChanged();
        broadcast.accept(CacheChange.ofGlobal());
    }

    /**
     * Takes the failing database's trial as a lookup reading it would (tests in this package: what the other lookups
     * do meanwhile); false when the database is not failing or another read holds it.
     */
    boolean holdDatabaseTrial() {
        return health.readPermit() == DatabaseHealth.ReadPermit.TRIAL;
    }

    /** Gives back the trial {@link #holdDatabaseTrial()} took. */
    void releaseDatabaseTrial() {
        health.trialDone();
    }

    /** The cached credentials (REFRESH falls back to them while the database is unreachable), else 10515. */
    private Credentials cachedOrNotCached(
            String caller, String application, WindowsAccount account, SsoException cause) {
        Optional<Credentials> hit = cache.get(application, caller, account.toString());
        if (hit.isPresent()) {
            return hit.get();
        }
        throw new SsoException(
                SsoError.DATABASE_UNAVAILABLE,
                "The credentials of " + account + " for " + application + " are not cached on this server."
                        + " Retry when the database is back.",
                cause);
    }

    /**
     * The config-store item {@code identifier} of {@code application}, for the application's users and
     * administrators: in run-time mode every property, in admin mode ({@code adminMode}) without the masked ones. Not
     * cached: config reads are rare and the bag is re-read each time.
     *
     * @throws SsoException 11042 for other callers; 10756 or 10757 when the application or item does not exist; 15008
     *     for an application that is not a Config Store application; 10515 or 10590 when the database cannot be reached
     */
    public SecretBytes getConfigInfo(String caller, String application, String identifier, boolean adminMode) {
        checkStarted();
        long start = System.nanoTime();
        RuntimeException failure = null;
        try {
            requireSsoEnabled();
            return call(s -> units.configInfo(s, caller, application, identifier, adminMode))
                    .get();
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            meters.record(LookupMeters.Kind.CONFIG, failure, System.nanoTime() - start);
        }
    }

    /** Every item's run-time bag: {@link #getConfigInfo(String, String, String, boolean)} in run-time mode. */
    public SecretBytes getConfigInfo(String caller, String application, String identifier) {
        return getConfigInfo(caller, application, identifier, false);
    }

    /** The identifiers of {@code application}'s config items, sorted, for its users and administrators. */
    public java.util.List<String> configIdentifiers(String caller, String application) {
        checkStarted();
        requireSsoEnabled();
        return call(s -> LookupUnits.configIdentifiers(s, caller, application));
    }

    /**
     * Reads the global row to learn whether the database answers; what the periodic database poll calls
     * (anchors/entsso.md §1: every 30 s). Returns the availability afterwards and never throws for an outage.
     */
    public Availability probeDatabase() {
        checkStarted();
        try {
            call(s -> {
                GlobalInfo ignored = s.globalInfo().get();
                return ignored.updateStamp();
            });
        } catch (SsoException e) {
            if (!DatabaseHealth.isOutage(e) && e.error() != SsoError.GOING_OFFLINE) {
                throw e;
            }
        }
        return health.availability();
    }

    /** Drops the cached credentials of one application on this server (zeroed). */
    public void invalidate(String application) {
        ticketPolicies.drop(application);
        cache.invalidate(application);
    }

    /** Drops the cached credentials of one account of one application on this server, for every caller (zeroed). */
    public void invalidate(String application, String account) {
        cache.invalidate(application, account);
    }

    /**
     * An application's mappings or state changed and its change is committed: drops this server's cached credentials
     * of it now, before the caller acknowledges the change (read-your-writes on the server that handled it), then tells
     * every other SSO server (issue 9). Call it after the commit, never before: a server that drops its entry before
     * the commit may cache the older value again.
     *
     * @param step the purge-id step the change committed, if any
     */
    public void changed(String application, Optional<PurgeStep> step) {
        ticketPolicies.drop(application);
        cache.invalidate(application);
        broadcast.accept(CacheChange.ofApplication(application, step));
    }

    /**
     * {@link #changed(String, Optional)} for a change of one account's credentials (an Individual mapping's
     * SetCredentials): only that account's entries go, here and on every other server (issue 14).
     */
    public void changed(String application, WindowsAccount account, Optional<PurgeStep> step) {
        String key = account.toString();
        cache.invalidate(application, key);
        broadcast.accept(CacheChange.ofAccount(application, key, step));
    }

    /** Drops every cached credential on this server (zeroed). */
    public void invalidateAll() {
        ticketPolicies.clear();
        cache.clear();
    }

    /** How the lookup path stands with the database, for the health endpoint. */
    public Availability availability() {
        return health.availability();
    }

    /**
     * How much of the database outage grace is left ({@link LookupSettings#databaseOutageGrace()}): all of it while the
     * database answers, counting down while cached lookups are served without it, zero once offline.
     */
    public Duration databaseOutageGraceRemaining() {
        return health.graceRemaining();
    }

    /** When the database last answered a call of this service. */
    public Instant databaseLastReachable() {
        return health.lastReachable();
    }

    /** Zeroes and drops the cache. Idempotent. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        cache.clear();
        if (previous != State.CLOSED) {
            LOG.info("Lookup service {} -> {}", previous, State.CLOSED);
        }
    }

    /**
     * Runs a read, recording the outcome for the outage grace. An outage becomes 10515 inside the grace and 10590
     * after it.
     */
    private <T> T call(UnitOfWork<T> work) {
        T result;
        try {
            // A bounded read (issue 9 item 6): an unreachable database is reported, not waited out.
            result = store.read(work);
        } catch (RuntimeException e) {
            if (!DatabaseHealth.isOutage(e)) {
                health.succeeded();
                throw e;
            }
            health.failed();
            if (health.availability() == Availability.OFFLINE) {
                throw new SsoException(SsoError.GOING_OFFLINE, health.graceText(), e);
            }
            throw e instanceof SsoException sso
                    ? sso
                    : new SsoException(SsoError.DATABASE_UNAVAILABLE, "Lookup failed on a transient error", e);
        }
        health.succeeded();
        return result;
    }

    private void checkStarted() {
        State current = state.get();
        if (current != State.STARTED) {
            throw new IllegalStateException("The lookup service is " + current);
        }
    }

    /** The credential cache's counters, for metrics. */
    public CacheStats cacheStats() {
        CredentialCache.Stats stats = cache.stats();
        return new CacheStats(stats.hits(), stats.misses(), stats.evictions(), stats.expirations(), stats.size());
    }

    @Override
    public String toString() {
        return "CredentialLookupService[" + state.get() + ", " + health.availability() + ", " + cache.size()
                + " cached]";
    }
}
