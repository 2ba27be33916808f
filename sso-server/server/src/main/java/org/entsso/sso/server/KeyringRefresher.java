package org.entsso.sso.server;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.sso.SsoException;
import org.entsso.sso.transport.FetchedKeyring;
import org.entsso.sso.transport.KeyringClient;

/**
 * Keeps an SSO server's {@link KeyringHolder} in step with the master secret server (DESIGN.md decision 6): it
 * watches the ENTSSO network name in ZooKeeper (push) and also polls it every 30 s by default (fallback), and fetches
 * the keyring over mutual TLS whenever the published current MSID differs from what the holder has (or it has none);
 * a new epoch serving the same current MSID (a move, a failover) is recorded without a fetch. While no
 * master secret server is published the holder keeps what it has, so lookups continue from the cached secret; a
 * server that starts while none is published has nothing until one is. Failed fetches are logged (never with key
 * material) and retried on the next change or poll.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED. Thread-safe: refreshes run one at a time on the refresher's own thread.
 */
public final class KeyringRefresher implements Closeable {
    /** How often the network name is read even without a change notification. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(30);

    private static final Logger LOG = LogManager.getLogger(KeyringRefresher.class);

    private enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    private final ClusterAdmin cluster;
    private final String networkName;
    private final KeyringClient client;
    private final KeyringHolder holder;
    private final Duration poll;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final ScheduledExecutorService thread;
    private final BiConsumer<Long, URI> installed;
    private volatile Closeable watch;
    private volatile Instant lastRefresh;
    private volatile String lastError;
    /** What the name said when it last named no master secret server (refresher thread only); null while it does. */
    private String lastWithout;

    public KeyringRefresher(
            ClusterAdmin cluster, String networkName, KeyringClient client, KeyringHolder holder, Duration poll) {
        this(cluster, networkName, client, holder, poll, (epoch, endpoint) -> {});
    }

    /**
     * A refresher that also tells {@code installed} the epoch and endpoint of every keyring it installs, on its own
     * thread (the node writes it to the cluster log: when this SSO server switched to a new master secret server).
     */
    public KeyringRefresher(
            ClusterAdmin cluster,
            String networkName,
            KeyringClient client,
            KeyringHolder holder,
            Duration poll,
            BiConsumer<Long, URI> installed) {
        this.installed = Objects.requireNonNull(installed, "installed");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.networkName = Objects.requireNonNull(networkName, "networkName");
        this.client = Objects.requireNonNull(client, "client");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keyring-refresher-" + networkName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching and polling; the first refresh follows at once. */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("A keyring refresher starts once");
        }
        watch = cluster.watchName(networkName, published -> submit(published));
        thread.scheduleWithFixedDelay(
                () -> refresh(cluster.resolveName(networkName)),
                poll.toMillis(),
                poll.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void submit(Optional<Map<String, String>> published) {
        if (state.get() == State.STARTED) {
            thread.execute(() -> refresh(published));
        }
    }

    private void refresh(Optional<Map<String, String>> published) {
        if (published.isEmpty() || !published.get().containsKey("Endpoint")) {
            saidNoServer(published); // no master secret server now: keep serving from what we hold
            return;
        }
        lastWithout = null;
        Map<String, String> mss = published.get();
        Optional<KeyringStatus> held = holder.status();
        if (held.isPresent()
                && String.valueOf(held.get().epoch()).equals(mss.get("Epoch"))
                && held.get().currentMsid().toString().equals(mss.get("CurrentMsid"))) {
            return;
        }
        try {
            URI endpoint = URI.create(mss.get("Endpoint"));
            if (held.isPresent() && adoptedEpoch(held.get(), mss, endpoint)) {
                return;
            }
            FetchedKeyring fetched = client.fetch(endpoint);
            holder.install(fetched);
            installed.accept(fetched.epoch(), endpoint);
            lastRefresh = Instant.now();
            lastError = null;
            LOG.info(
                    "Keyring from {} installed: epoch {}, current MSID {}",
                    mss.get("Endpoint"),
                    fetched.epoch(),
                    mss.get("CurrentMsid"));
        } catch (SsoException | IllegalArgumentException e) {
            lastError = e.getMessage();
            LOG.warn("Could not refresh the keyring from {}: {}", mss.get("Endpoint"), e.getMessage());
        }
    }

    /**
     * Logs, once for each thing it says, that the name names no master secret server: while one comes online, or
     * after it went, this is brief; a line that stays the last one says why no keyring comes.
     */
    private void saidNoServer(Optional<Map<String, String>> published) {
        String said = published
                .map(m -> "epoch " + m.getOrDefault("Epoch", "?") + " of node " + m.getOrDefault("OwnerNode", "?")
                        + " publishes no master secret endpoint")
                .orElse("is not registered");
        if (!said.equals(lastWithout)) {
            lastWithout = said;
            LOG.info(
                    "Network name {} {}: no master secret server to refresh the keyring from; lookups use the"
                            + " keyring held",
                    networkName,
                    said);
        }
    }

    /**
     * A new term serving the secret this server holds (a move, a failover): the holder takes the new epoch and nothing
     * is fetched. Fetching it again cost the new owner a TLS handshake and a sealing per SSO server just when its first
     * writes arrive (issue 14). Writes find the new owner through the published endpoint either way.
     */
    private boolean adoptedEpoch(KeyringStatus held, Map<String, String> mss, URI endpoint) {
        long epoch;
        try {
            epoch = Long.parseLong(mss.getOrDefault("Epoch", ""));
        } catch (NumberFormatException e) {
            return false; // not ours to guess: the fetch says which epoch serves it
        }
        if (!held.currentMsid().toString().equals(mss.get("CurrentMsid")) || epoch < held.epoch()) {
            return false;
        }
        if (!holder.adoptEpoch(held.currentMsid(), epoch)) {
            return false;
        }
        installed.accept(epoch, endpoint);
        lastRefresh = Instant.now();
        lastError = null;
        return true;
    }

    /** When a keyring was last installed by this refresher, if ever. */
    public Optional<Instant> lastRefresh() {
        return Optional.ofNullable(lastRefresh);
    }

    /** The last fetch error, if the latest attempt failed. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Stops watching and polling. Idempotent; the holder stays as it is. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        Closeable w = watch;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.debug("Closing the name watch failed", e);
            }
        }
        thread.shutdownNow();
    }
}
