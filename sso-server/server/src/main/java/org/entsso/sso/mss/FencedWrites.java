package org.entsso.sso.mss;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.ValueBinding;
import org.entsso.sso.crypto.ValueCipher;
import org.entsso.sso.server.ConfigBags;
import org.entsso.sso.server.EncryptingWrites;
import org.entsso.sso.server.ValueBindings;
import org.entsso.sso.server.internal.Roles;
import org.entsso.sso.store.AffiliateApplication;
import org.entsso.sso.store.AppType;
import org.entsso.sso.store.ConfigItem;
import org.entsso.sso.store.EncryptedValue;
import org.entsso.sso.store.FieldInfo;
import org.entsso.sso.store.GlobalSettings;
import org.entsso.sso.store.Idempotency;
import org.entsso.sso.store.Mapping;
import org.entsso.sso.store.PurgeStep;
import org.entsso.sso.store.SsoStore;
import org.entsso.sso.store.StoreSession;
import org.entsso.sso.store.UnitOfWork;
import org.entsso.sso.store.WindowsAccount;

/**
 * The encrypting writes as the master secret server runs them (DESIGN.md decisions 3 and 7): each call is one
 * transaction fenced by this term's epoch ({@link SsoStore#asMasterSecretServer}), which records the request id first
 * (a recorded id fails the insert, the transaction rolls back and the write is answered as done, nothing applied),
 * checks the caller's rights against the database (anchors/entsso.md §4), encrypts under the keyring's current secret
 * and writes. Any refusal rolls the whole transaction back, the request id included, so a retry meets the same refusal.
 * Two attempts of one request that run at once on this server are joined in memory: the later one waits for the earlier
 * one's outcome and is answered as a replay when it applied (or replayed), or runs on its own when it failed. Attempts
 * that still meet in the database (two terms' instances) meet at the request id's primary key: the later one waits for
 * the earlier one's commit and is then answered as a replay.
 *
 * <p>Recording the request id makes a unit safe to run again, so the store may retry it after a transient error: a
 * commit that happened before the connection broke is then seen as a replay.
 *
 * <p>Thread-safe. Values are encrypted and forgotten: they never reach a log line or an exception message.
 */
public final class FencedWrites implements EncryptingWrites {
    static final String SET_CREDENTIALS = "SetCredentials";
    static final String SET_CONFIG_INFO = "SetConfigInfo";

    /** How long request ids are kept (sso-server/docs/api.md). */
    static final Duration KEEP_REQUEST_IDS = Duration.ofHours(24);

    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

    /**
     * How long a later attempt of one request waits for the earlier one on this server before it runs on its own (the
     * database then orders them at the request id's key): longer than the store's retries of a transient error.
     */
    private static final Duration JOIN_WAIT = Duration.ofSeconds(30);

    private static final Logger LOG = LogManager.getLogger(FencedWrites.class);

    private final SsoStore store;
    private final Supplier<Keyring> keyrings;
    private final long epoch;
    private final Clock clock;
    private final AtomicReference<Instant> nextPrune = new AtomicReference<>(Instant.MIN);
    private final AtomicReference<ValueCipher> cipher = new AtomicReference<>();
    /** A rehearsal ({@link #rehearse}): every write runs in a transaction that is rolled back, and is not logged. */
    private final boolean rehearsal;
    /**
     * The attempts running here, by request id: the first write after a failover arrives up to three times at once
     * (the client's hedge and the SSO servers that held it), and each copy that reached the database cost the others a
     * lock wait and the replay's own transaction (issue 14 item 4).
     */
    private final ConcurrentMap<UUID, InFlight> inFlight = new ConcurrentHashMap<>();

    /** An attempt in progress: who asked for what, and its outcome (applied or replayed; failed with its error). */
    private record InFlight(String caller, String operation, String application, CompletableFuture<Boolean> outcome) {}

    /**
     * @param keyrings the keyring to encrypt with now, or null when this server is not serving the master secret
     * @param epoch this term's epoch, the fence every write is checked against
     */
    public FencedWrites(SsoStore store, Supplier<Keyring> keyrings, long epoch, Clock clock) {
        this(store, keyrings, epoch, clock, false);
    }

    private FencedWrites(SsoStore store, Supplier<Keyring> keyrings, long epoch, Clock clock, boolean rehearsal) {
        this.store = Objects.requireNonNull(store, "store");
        this.keyrings = Objects.requireNonNull(keyrings, "keyrings");
        this.epoch = epoch;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rehearsal = rehearsal;
    }

    /**
     * Rehearses a credential write of {@code account} in {@code application} with {@code keyring}, exactly as a term
     * would run it (request id, the application and mapping, the encryption, the credential row), in a transaction
     * that is always rolled back ({@link SsoStore#rehearse}): a standby's first write after a takeover is then not a
     * cold one (issue 14 item 4). Nothing is written or logged; an error is the caller's to report.
     */
    static void rehearse(SsoStore store, Keyring keyring, String application, WindowsAccount account) {
        rehearse(store, keyring, application, account, UUID.randomUUID());
    }

    /** {@link #rehearse(SsoStore, Keyring, String, WindowsAccount)} with a given request id (tests). */
    static void rehearse(SsoStore store, Keyring keyring, String application, WindowsAccount account, UUID requestId) {
        FencedWrites w = new FencedWrites(store, () -> keyring, 0, Clock.systemUTC(), true);
        SortedMap<Integer, byte[]> fields = new TreeMap<>();
        fields.put(1, new byte[16]);
        w.applyCredentials(account.toString(), requestId, application, account, fields);
    }

    @Override
    public Optional<PurgeStep> setCredentials(
            String caller,
            UUID requestId,
            String application,
            WindowsAccount account,
            SortedMap<Integer, byte[]> fields) {
        return applyCredentials(caller, requestId, application, account, fields).purge();
    }

    /**
     * What a write did: {@code applied} false for a replayed request id (nothing done now); {@code purge} the step of
     * the application's purge id it committed, if it made one.
     */
    record Written(boolean applied, Optional<PurgeStep> purge) {
        static final Written REPLAYED = new Written(false, Optional.empty());
    }

    @Override
    public void setConfigInfo(
            String caller, UUID requestId, String application, String identifier, Map<String, String> properties) {
        applyConfigInfo(caller, requestId, application, identifier, properties);
    }

    /** {@link #setCredentials}. */
    Written applyCredentials(
            String caller,
            UUID requestId,
            String application,
            WindowsAccount account,
            SortedMap<Integer, byte[]> fields) {
        Objects.requireNonNull(account, "account");
        if (fields.isEmpty()) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "Set at least one credential field.");
        }
        PurgeStep[] purge = new PurgeStep[1];
        boolean applied = write(caller, requestId, SET_CREDENTIALS, application, s -> {
            AffiliateApplication app = application(s, application);
            if (!caller.equalsIgnoreCase(account.toString())) {
                requireAdministrator(s, caller, app);
            }
            Mapping mapping = s.mappings()
                    .find(app.name(), account)
                    .orElseThrow(() -> new SsoException(SsoError.NO_MAPPING, account + " in " + app.name()));
            for (int ordinal : fields.keySet()) {
                if (ordinal < 1 || ordinal >= app.numFields()) {
                    throw new SsoException(
                            SsoError.INVALID_ARGUMENT,
                            "Field " + ordinal + " is not a credential field of " + app.name()
                                    + ", which has fields 1 to " + (app.numFields() - 1) + ".");
                }
            }
            for (Map.Entry<Integer, byte[]> field : fields.entrySet()) {
                ValueBinding binding = ValueBindings.credential(app.id(), mapping.id(), field.getKey());
                s.credentials().put(mapping.id(), field.getKey(), encrypt(field.getValue(), binding));
            }
            if (!mapping.enabled()) {
                s.mappings().setEnabled(app.name(), account, true, caller); // ENTSSO: setting credentials enables
            }
            // A new purge id: the database poll, the fallback of the purge signal, sees the change; the step goes back
            // to the SSO server, whose signal tells the others which account it was.
            purge[0] = s.applications().purgeCache(app.name());
            return account + ", fields " + fields.keySet();
        });
        return applied ? new Written(true, Optional.ofNullable(purge[0])) : Written.REPLAYED;
    }

    /**
     * {@link #setConfigInfo}; returns false when the request id was already applied (nothing done now). ENTSSO's rules
     * (anchors/entsso.md §3): only in a Config Store application (15008), only the properties its fields define
     * (15000), every one of them when the item is created, and on an update only those supplied change: the stored bag
     * is decrypted and merged inside the write's transaction, so two partial updates never lose each other's
     * properties.
     */
    boolean applyConfigInfo(
            String caller, UUID requestId, String application, String identifier, Map<String, String> properties) {
        if (identifier == null || identifier.isBlank() || identifier.length() > 256) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "A config identifier is 1 to 256 characters.");
        }
        ConfigBags.encode(properties); // the name and value checks, before the write is recorded
        return write(caller, requestId, SET_CONFIG_INFO, application, s -> {
            AffiliateApplication app = application(s, application);
            requireAdministrator(s, caller, app);
            if (app.type() != AppType.CONFIG_STORE) {
                throw new SsoException(
                        SsoError.WRONG_APPLICATION_TYPE,
                        app.name() + " is not a Config Store application (it is "
                                + app.type().label() + "); config info lives in Config Store applications.");
            }
            List<String> defined = s.applications().fields(app.name()).stream()
                    .map(FieldInfo::label)
                    .toList();
            List<String> unknown = properties.keySet().stream()
                    .filter(name -> !defined.contains(name))
                    .sorted()
                    .toList();
            if (!unknown.isEmpty()) {
                throw new SsoException(
                        SsoError.INVALID_ARGUMENT,
                        "Not a property of " + app.name() + ": " + String.join(", ", unknown) + ". Its properties are "
                                + String.join(", ", defined) + ".");
            }
            ValueBinding binding = ValueBindings.configItem(app.id(), identifier);
            Optional<ConfigItem> existing = s.configItems().find(app.name(), identifier);
            SortedMap<String, String> merged = new TreeMap<>();
            if (existing.isPresent()) {
                byte[] old = decrypt(existing.get().value().ciphertext(), binding);
                try {
                    merged.putAll(ConfigBags.decode(old));
                } finally {
                    Arrays.fill(old, (byte) 0);
                }
            } else {
                List<String> missing = defined.stream()
                        .filter(name -> !properties.containsKey(name))
                        .toList();
                if (!missing.isEmpty()) {
                    throw new SsoException(
                            SsoError.INVALID_ARGUMENT,
                            identifier + " is new: every property of " + app.name() + " is required; missing "
                                    + String.join(", ", missing) + ".");
                }
            }
            merged.putAll(properties);
            byte[] bag = ConfigBags.encode(merged);
            try {
                s.configItems().put(app.name(), identifier, encrypt(bag, binding));
            } finally {
                Arrays.fill(bag, (byte) 0);
            }
            return "config " + identifier + ", " + properties.size() + " of " + defined.size() + " properties"
                    + (existing.isPresent() ? " updated" : " set");
        });
    }

    private byte[] decrypt(byte[] sealed, ValueBinding binding) {
        Keyring keyring = keyrings.get();
        try {
            if (keyring == null || keyring.isClosed()) {
                throw new IllegalStateException("no keyring");
            }
            ValueCipher c = cipher.updateAndGet(
                    old -> old != null && old.keyring() == keyring ? old : new ValueCipher(keyring));
            return c.decrypt(sealed, binding);
        } catch (IllegalStateException e) {
            throw new SsoException(
                    SsoError.SECRET_NOT_AVAILABLE,
                    "This node is not serving the master secret now; retry the write with the same request id.",
                    e);
        }
    }

    /** What a write does after its request id is recorded; returns what to log (names only). */
    private interface Change {
        String apply(StoreSession s);
    }

    private boolean write(String caller, UUID requestId, String operation, String application, Change change) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(application, "application");
        try (CloseableThreadContext.Instance log =
                CloseableThreadContext.put("requestId", requestId.toString()).put("epoch", Long.toString(epoch))) {
            long start = System.nanoTime();
            if (rehearsal) {
                run(caller, requestId, operation, change, new String[1]);
                return false;
            }
            InFlight mine = new InFlight(caller, operation, application, new CompletableFuture<>());
            InFlight earlier = inFlight.putIfAbsent(requestId, mine);
            if (earlier != null) {
                if (joined(earlier, caller, operation, application)) {
                    LOG.info(
                            "{} by {} in {} replayed in {}: request {} was applied by an attempt running at once",
                            operation,
                            caller,
                            application,
                            took(start),
                            requestId);
                    return false;
                }
                mine = null; // the earlier attempt failed or is someone else's: run on our own, not registered
            }
            String[] applied = new String[1];
            boolean done;
            try {
                done = run(caller, requestId, operation, change, applied);
                if (mine != null) {
                    mine.outcome().complete(done);
                }
            } catch (RuntimeException e) {
                if (mine != null) {
                    mine.outcome().completeExceptionally(e);
                }
                throw e;
            } finally {
                if (mine != null) {
                    inFlight.remove(requestId, mine);
                }
            }
            if (done) {
                LOG.info("{} by {} in {} applied in {}: {}", operation, caller, application, took(start), applied[0]);
            } else {
                LOG.info(
                        "{} by {} in {} replayed in {}: request {} was already applied",
                        operation,
                        caller,
                        application,
                        took(start),
                        requestId);
            }
            return done;
        }
    }

    /**
     * Whether {@code earlier}, an attempt of the same request running here, applied it (or found it applied): then this
     * attempt is a replay. False when it failed (this attempt runs on its own and meets the same refusal, or succeeds
     * where a transient error stopped the other), was made by another caller or for another operation (the database's
     * request id row decides, as before), or is still running after {@link #JOIN_WAIT}.
     */
    private static boolean joined(InFlight earlier, String caller, String operation, String application) {
        if (!earlier.caller().equals(caller)
                || !earlier.operation().equals(operation)
                || !earlier.application().equals(application)) {
            return false;
        }
        try {
            return earlier.outcome().get(JOIN_WAIT.toMillis(), TimeUnit.MILLISECONDS) != null;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SsoException(
                    SsoError.SECRET_NOT_AVAILABLE,
                    "Interrupted while waiting for another attempt of this write; retry it with the same request id.");
        }
    }

    private static String took(long start) {
        return String.format("%.1f ms", (System.nanoTime() - start) / 1e6);
    }

    /** Runs the write's transaction; false when the request id was already recorded (a replay, nothing applied). */
    private boolean run(String caller, UUID requestId, String operation, Change change, String[] applied) {
        UnitOfWork<Boolean> unit = s -> {
            Instant now = clock.instant();
            applied[0] = null;
            s.writeRequests().record(requestId, caller, operation, now); // a recorded id: ALREADY_EXISTS, below
            applied[0] = change.apply(s);
            return true;
        };
        if (rehearsal) {
            store.rehearse(unit);
            return false;
        }
        try {
            return store.asMasterSecretServer(epoch, Idempotency.IDEMPOTENT, unit);
        } catch (SsoException e) {
            if (e.error() != SsoError.ALREADY_EXISTS || !recorded(requestId)) {
                throw e;
            }
            // The request id is recorded: an attempt of this request applied the write before (a retry after a lost
            // answer or a failover), or committed first while this one ran (two terms' instances, or a join that
            // gave up waiting), and the primary key refused ours. A replay, not a conflict.
            return false;
        }
    }

    private boolean recorded(UUID requestId) {
        return store.read(s -> s.writeRequests().isRecorded(requestId));
    }

    private static AffiliateApplication application(StoreSession s, String name) {
        return s.applications()
                .find(name)
                .orElseThrow(() -> new SsoException(SsoError.APPLICATION_NOT_FOUND, "Application Name: " + name));
    }

    private static void requireAdministrator(StoreSession s, String caller, AffiliateApplication app) {
        GlobalSettings global = s.globalInfo().get().settings();
        if (!Roles.isAdministrator(caller, s.groups().groupsOf(caller), global, app)) {
            throw new SsoException(SsoError.ACCESS_DENIED, Roles.describe(Roles.administrators(global, app)));
        }
    }

    private EncryptedValue encrypt(byte[] plaintext, ValueBinding binding) {
        Keyring keyring = keyrings.get();
        try {
            if (keyring == null || keyring.isClosed()) {
                throw new IllegalStateException("no keyring");
            }
            ValueCipher c = cipher.updateAndGet(
                    old -> old != null && old.keyring() == keyring ? old : new ValueCipher(keyring));
            byte[] sealed = c.encrypt(plaintext, binding);
            return new EncryptedValue(sealed, ValueCipher.msidOf(sealed));
        } catch (IllegalStateException e) {
            // No keyring, or it was closed under this write by a rotation or a stop: nothing is committed.
            throw new SsoException(
                    SsoError.SECRET_NOT_AVAILABLE,
                    "This node is not serving the master secret now; retry the write with the same request id.",
                    e);
        }
    }

    /**
     * Deletes request ids older than {@link #KEEP_REQUEST_IDS} in a fenced transaction of its own, at most once a
     * {@link #PRUNE_INTERVAL}: called from the master secret server's periodic check, not from a write, so that a new
     * term's first write does not carry the prune (it did: 400-900 ms of a failover's first write, issue 14).
     */
    void pruneIfDue() {
        Instant now = clock.instant();
        Instant due = nextPrune.get();
        if (now.isBefore(due) || !nextPrune.compareAndSet(due, now.plus(PRUNE_INTERVAL))) {
            return;
        }
        int pruned = store.asMasterSecretServer(
                epoch, Idempotency.IDEMPOTENT, s -> s.writeRequests().pruneBefore(now.minus(KEEP_REQUEST_IDS)));
        if (pruned > 0) {
            LOG.debug("pruned {} request ids older than {}", pruned, KEEP_REQUEST_IDS);
        }
    }

    @Override
    public String toString() {
        return "FencedWrites[epoch " + epoch + "]";
    }
}
