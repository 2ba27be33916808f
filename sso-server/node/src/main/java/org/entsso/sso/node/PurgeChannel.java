package org.entsso.sso.node;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.zookeeper.KeeperException;
import org.entsso.cluster.ClusterConnection;
import org.entsso.sso.server.CacheChange;
import org.entsso.sso.store.PurgeStep;

/**
 * The cluster-wide cache purge through ZooKeeper (issue 9; DESIGN.md decision 7 and "cache purge" in its picture). One
 * znode per application, {@value #PATH}{@code /<name>} with the lower-cased name in URL-safe base64, which the SSO
 * server that applied a change rewrites after the commit ({@link #publish}); every SSO server watches the folder with a
 * {@link CuratorCache} (a persistent recursive watch, no polling) and drops its cached credentials of an application
 * whose znode is created, changed or deleted. A change thus reaches every connected server within ZooKeeper's
 * notification latency (milliseconds). The database purge-id poll ({@link CachePurgeWatcher}) stays as the fallback
 * for a signal that cannot be written or delivered (ZooKeeper unavailable to the writer or to a reader).
 *
 * <p>The znode's data says what changed (issue 14): {@value #FORMAT}, then the account whose credentials changed (empty
 * line: every account) and the step of the application's purge id ({@code <before> <after>}, empty when unknown), one
 * per line. A receiver trusts the account only when the znode's version moved by exactly one since it last saw it
 * (created at version 0, or changed from n to n + 1): otherwise it missed a change whose account it cannot know, and
 * the signal drops the whole application. Data it cannot read (another format, an older node's bare name) does too.
 *
 * <p>It has its own ZooKeeper session (the engine does not lend its own), whose state also tells the health endpoint
 * whether this server reaches ZooKeeper at all: while the connection is SUSPENDED or LOST, nobody here can know that a
 * master secret server is online ({@link #connected()}).
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED. Thread-safe; the purge handler runs on a ZooKeeper event thread.
 */
final class PurgeChannel implements Closeable {
    /** The folder of purge znodes, relative to the cluster's namespace. */
    static final String PATH = "/sso/purge";

    /**
     * The znode of global changes (the settings or group membership, issue 12): not base64, so no application's name.
     * Its data is a counter that every change rewrites.
     */
    static final String GLOBAL = PATH + "/$global";

    /** The first line of a purge znode's data. */
    static final String FORMAT = "entsso-purge/1";

    private static final Logger LOG = LogManager.getLogger(PurgeChannel.class);

    private enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    private final CuratorFramework client;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private volatile boolean connected;
    private CuratorCache cache;

    PurgeChannel(ClusterConnection connection) {
        this.client = connection.newCuratorClient();
    }

    /**
     * Connects (without waiting) and starts watching; {@code onPurge} receives every change signalled by any server,
     * this one included (its account empty when the whole application must go). It must not block.
     */
    void start(Consumer<CacheChange> onPurge) {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("A purge channel starts once");
        }
        client.getConnectionStateListenable().addListener((c, s) -> onConnectionState(s));
        client.start();
        cache = CuratorCache.build(client, PATH);
        cache.listenable()
                .addListener(CuratorCacheListener.builder()
                        .forAll((type, before, after) -> purged(before, after, onPurge))
                        .build());
        cache.start();
    }

    /**
     * Signals that {@code application} changed: every SSO server drops its cached credentials of it. Asynchronous, so
     * it never delays or fails the change it follows; when ZooKeeper is not reachable now, the other servers see the
     * change through the database poll instead.
     */
    void publish(CacheChange change) {
        String application = change.global() ? "(global settings)" : change.application();
        if (state.get() != State.STARTED || !connected) {
            LOG.info(
                    "ZooKeeper unavailable: the change of {} reaches the other servers by the database poll",
                    printable(application));
            return;
        }
        try {
            client.create()
                    .orSetData()
                    .creatingParentsIfNeeded()
                    .inBackground((c, event) -> published(application, event))
                    .forPath(change.global() ? GLOBAL : path(application), encode(change));
        } catch (Exception e) { // Curator declares Exception; a background call only fails to be queued
            LOG.warn("Could not signal the change of {}: {}", printable(application), e.toString());
        }
    }

    /** Whether this server's ZooKeeper connection is up now (not SUSPENDED, not LOST). */
    boolean connected() {
        return connected && state.get() == State.STARTED;
    }

    private void onConnectionState(ConnectionState s) {
        connected = s.isConnected();
        if (!connected) {
            LOG.warn("ZooKeeper connection {}: no master secret server can be known reachable", s);
        }
    }

    private static void purged(ChildData before, ChildData after, Consumer<CacheChange> onPurge) {
        ChildData data = after != null ? after : before;
        if (data == null || !data.getPath().startsWith(PATH + "/")) {
            return;
        }
        if (data.getPath().equals(GLOBAL)) {
            onPurge.accept(CacheChange.ofGlobal());
            return;
        }
        Optional<String> application = application(data.getPath().substring(PATH.length() + 1));
        if (application.isEmpty()) {
            LOG.warn("Ignored a purge znode that names no application: {}", printable(data.getPath()));
            return;
        }
        onPurge.accept(decode(application.get(), before, after));
    }

    /** The znode data for {@code change}. */
    static byte[] encode(CacheChange change) {
        if (change.global()) {
            return (FORMAT + "\nglobal\n" + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        }
        String text = FORMAT + "\n" + change.account().orElse("") + "\n"
                + change.step().map(PurgeStep::text).orElse("");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What a purge znode event says: the account only when {@code after} is the very next version of {@code before}
     * (or a creation at version 0), the step whenever the data has one (it is the latest change's either way).
     */
    static CacheChange decode(String application, ChildData before, ChildData after) {
        if (after == null || after.getData() == null) {
            return CacheChange.ofApplication(application, Optional.empty()); // deleted
        }
        String[] lines = new String(after.getData(), StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length != 3 || !lines[0].equals(FORMAT)) {
            return CacheChange.ofApplication(application, Optional.empty());
        }
        Optional<PurgeStep> step = PurgeStep.parse(lines[2].isEmpty() ? null : lines[2]);
        int version = after.getStat() == null ? -1 : after.getStat().getVersion();
        boolean next = before == null
                ? version == 0
                : before.getStat() != null && version == before.getStat().getVersion() + 1;
        if (!next || lines[1].isEmpty()) {
            return CacheChange.ofApplication(application, step);
        }
        return CacheChange.ofAccount(application, lines[1], step);
    }

    private static void published(String application, CuratorEvent event) {
        if (event.getResultCode() != KeeperException.Code.OK.intValue()) {
            LOG.warn(
                    "Could not signal the change of {} ({}): the other servers see it by the database poll",
                    printable(application),
                    KeeperException.Code.get(event.getResultCode()));
        }
    }

    static String path(String application) {
        byte[] name = application.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        return PATH + "/" + Base64.getUrlEncoder().withoutPadding().encodeToString(name);
    }

    private static Optional<String> application(String node) {
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(node), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String printable(String text) {
        return text.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }

    /** Stops watching and disconnects. Idempotent. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        if (cache != null) {
            cache.close();
        }
        client.close();
    }

    @Override
    public String toString() {
        return "PurgeChannel[" + state.get() + (connected ? ", connected" : ", not connected") + "]";
    }
}
