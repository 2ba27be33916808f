package org.entsso.cluster.internal.rcm;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.awaitility.Awaitility;
import org.entsso.cluster.internal.ownership.Fence;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Zk;
import org.entsso.cluster.testing.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A term's publications written without waiting for ZooKeeper (issue 14), on a real ZooKeeper server: what the term
 * guessed right is written with no work for the RCM thread; a wrong guess is written again the careful way there; a
 * deposed term hears it was fenced and writes nothing.
 */
@Tag("zookeeper")
class TermPublicationsTest {
    private static final String EPOCH = "/groups/G/epoch";
    private static final String PUBLISHED = "/groups/G/published/R";

    private TestingServer server;
    private CuratorFramework client;
    private Zk zk;
    private ExecutorService rcm;
    private final AtomicInteger rcmTasks = new AtomicInteger();
    private final LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        server = new TestingServer(true);
        client = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        client.start();
        zk = new Zk(client);
        zk.createIfAbsent(EPOCH, Json.write(0L));
        zk.createIfAbsent("/groups/G/published", new byte[0]);
        zk.createIfAbsent("/names", new byte[0]);
        rcm = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() throws Exception {
        rcm.shutdownNow();
        client.close();
        server.close();
    }

    private Fence newTerm() {
        String latch = zk.create("/groups/G/latch/n-", CreateMode.EPHEMERAL_SEQUENTIAL, new byte[0]);
        return Fence.acquire(client, EPOCH, latch).orElseThrow();
    }

    private TermPublications publications(Fence fence) {
        return publications(fence, task -> {
            rcmTasks.incrementAndGet();
            rcm.execute(task);
        });
    }

    private TermPublications publications(Fence fence, Executor rcmThread) {
        NodeContext node = (NodeContext) Proxy.newProxyInstance(
                NodeContext.class.getClassLoader(), new Class<?>[] {NodeContext.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "nodeName":
                            return "node1";
                        case "nodeHost":
                            return "127.0.0.1";
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        return new TermPublications(
                node,
                "G",
                fence,
                rcmThread,
                e -> heard.add("deposed: " + e.getMessage()),
                (resource, why) -> heard.add("failed " + resource + ": " + why));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String path) {
        return Json.read(zk.read(path).orElseThrow().data(), Map.class);
    }

    @Test
    void aPublicationTheTermGuessedRight_isWrittenWithNoWorkForTheRcmThread() throws Exception {
        Fence fence = newTerm();
        fence.observed(PUBLISHED, false);
        TermPublications publications = publications(fence);

        publications.publishAs("R", "ENTSSO", Map.of("Endpoint", "https://127.0.0.1:1"));
        assertThat(publications.publishedBy("R")).contains(Map.of("Endpoint", "https://127.0.0.1:1"));
        fence.put("/groups/G/after", new byte[0]); // queued behind it: answered after it

        assertThat(read(PUBLISHED)).containsEntry("Endpoint", "https://127.0.0.1:1");
        assertThat(read("/names/ENTSSO")).containsEntry("OwnerNode", "node1").containsEntry("Epoch", "1");
        assertThat(rcmTasks).hasValue(0);
        assertThat(heard).isEmpty();
    }

    @Test
    void aPublicationTheTermGuessedWrong_isWrittenAgainTheCarefulWayOnTheRcmThread() {
        Fence fence = newTerm();
        fence.observed(PUBLISHED, true); // wrong: it was never written, so the queued overwrite finds nothing
        TermPublications publications = publications(fence);

        publications.publish("R", Map.of("Address", "127.0.0.1"));

        Awaitility.await().atMost(Timing.forWaiting()).until(() -> zk.exists(PUBLISHED));
        assertThat(read(PUBLISHED)).containsEntry("Address", "127.0.0.1");
        assertThat(rcmTasks).hasValue(1);
        assertThat(heard).isEmpty();
    }

    @Test
    void aDeposedTermsPublication_isFenced_andTheTermHearsIt() throws Exception {
        Fence old = newTerm();
        old.observed(PUBLISHED, false);
        TermPublications publications = publications(old);
        Fence next = newTerm();

        publications.publish("R", Map.of("Address", "127.0.0.1"));

        assertThat(heard.poll(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS))
                .startsWith("deposed: ");
        assertThat(zk.exists(PUBLISHED)).isFalse();
        assertThat(next.epoch()).isEqualTo(2);
        assertThat(List.copyOf(heard)).isEmpty();
    }

    /** An earlier owner's session that still holds the name's ephemeral znode, as after SIGTERM of the owner. */
    private CuratorFramework earlierOwnerHoldingTheName() throws Exception {
        CuratorFramework earlier = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        earlier.start();
        earlier.create().withMode(CreateMode.EPHEMERAL).forPath("/names/ENTSSO", Json.write(Map.of("Epoch", "0")));
        return earlier;
    }

    /**
     * The Network Name's registration refused by an earlier owner's znode (its answer's work, queued for the RCM thread,
     * is returned), then the earlier session ended and the service registered the name with its endpoint.
     */
    private Runnable refusedThenRegisteredByTheService(
            TermPublications publications, LinkedBlockingQueue<Runnable> rcmQueue) throws Exception {
        CuratorFramework earlier = earlierOwnerHoldingTheName();
        publications.registerName("Network Name", "ENTSSO", Map.of("Addresses", "127.0.0.1"));
        Runnable again = rcmQueue.poll(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(again)
                .as("the create was refused by the earlier session's znode")
                .isNotNull();
        earlier.close(); // the earlier owner's session ends: its ephemeral goes
        publications.publishAs("R", "ENTSSO", Map.of("Endpoint", "https://127.0.0.1:1"));
        Awaitility.await()
                .atMost(Timing.forWaiting())
                .until(() -> zk.exists("/names/ENTSSO") && read("/names/ENTSSO").containsKey("Endpoint"));
        return again;
    }

    @Test
    void aRegistrationWrittenAgainTheCarefulWay_leavesTheNameAsALaterRegistrationWroteIt() throws Exception {
        Fence fence = newTerm();
        fence.observed(PUBLISHED, false);
        LinkedBlockingQueue<Runnable> rcmQueue = new LinkedBlockingQueue<>();
        TermPublications publications = publications(fence, rcmQueue::add);
        Runnable again = refusedThenRegisteredByTheService(publications, rcmQueue);
        again.run(); // the Network Name's registration, written again after the later one landed

        assertThat(read("/names/ENTSSO")).containsEntry("Endpoint", "https://127.0.0.1:1");
        assertThat(rcmQueue).isEmpty();
        assertThat(heard).isEmpty();
    }

    @Test
    void aRegistrationQueuedBehindACreateTheEarlierOwnersZnodeRefused_isWrittenAgainAsItsOwn() throws Exception {
        Fence fence = newTerm();
        fence.observed(PUBLISHED, false);
        LinkedBlockingQueue<Runnable> rcmQueue = new LinkedBlockingQueue<>();
        TermPublications publications = publications(fence, rcmQueue::add);
        CuratorFramework earlier = earlierOwnerHoldingTheName();

        publications.registerName("Network Name", "ENTSSO", Map.of("Addresses", "127.0.0.1"));
        publications.publishAs("R", "ENTSSO", Map.of("Endpoint", "https://127.0.0.1:1"));
        for (int i = 0; i < 2; i++) {
            Runnable again = rcmQueue.poll(Timing.forWaiting().toMillis(), TimeUnit.MILLISECONDS);
            assertThat(again).as("answer %d was not written as guessed", i).isNotNull();
            again.run();
        }
        earlier.close(); // the earlier owner's session ends: the name must not go with it

        assertThat(read("/names/ENTSSO")).containsEntry("Endpoint", "https://127.0.0.1:1");
        assertThat(client.checkExists().forPath("/names/ENTSSO").getEphemeralOwner())
                .isEqualTo(client.getZookeeperClient().getZooKeeper().getSessionId());
        assertThat(heard).isEmpty();
    }

    @Test
    void aRegistrationWrittenAgainAfterTheLaterOneWasWithdrawn_namesTheGroupAgain() throws Exception {
        Fence fence = newTerm();
        fence.observed(PUBLISHED, false);
        LinkedBlockingQueue<Runnable> rcmQueue = new LinkedBlockingQueue<>();
        TermPublications publications = publications(fence, rcmQueue::add);
        Runnable again = refusedThenRegisteredByTheService(publications, rcmQueue);
        publications.withdraw("R", fence.epoch()); // the service goes offline: its name goes with it
        assertThat(zk.exists("/names/ENTSSO")).isFalse();
        again.run(); // the Network Name, still online, registers the name again

        assertThat(read("/names/ENTSSO"))
                .containsEntry("Addresses", "127.0.0.1")
                .doesNotContainKey("Endpoint");
        assertThat(heard).isEmpty();
    }
}
