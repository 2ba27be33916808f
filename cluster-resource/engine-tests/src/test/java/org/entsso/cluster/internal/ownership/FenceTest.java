package org.entsso.cluster.internal.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.entsso.cluster.internal.zk.Json;
import org.entsso.cluster.internal.zk.Zk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Starting a term and fencing its writes, on a real ZooKeeper server. */
@Tag("zookeeper")
class FenceTest {
    private static final String EPOCH = "/groups/G/epoch";
    private TestingServer server;
    private CuratorFramework client;
    private Zk zk;

    @BeforeEach
    void start() throws Exception {
        server = new TestingServer(true);
        client = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        client.start();
        zk = new Zk(client);
        zk.createIfAbsent(EPOCH, Json.write(0L));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private String joinElection() {
        return zk.create("/groups/G/latch/n-", CreateMode.EPHEMERAL_SEQUENTIAL, new byte[0]);
    }

    private long epoch() {
        return Json.read(zk.read(EPOCH).orElseThrow().data(), Long.class);
    }

    @Test
    void whileTheNodeHoldsItsElectionZnode_thenAcquireIncrementsTheEpoch() {
        Fence fence = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        assertThat(fence.epoch()).isEqualTo(1);
        assertThat(epoch()).isEqualTo(1);
        fence.put("/groups/G/status", new byte[] {1});
        assertThat(zk.exists("/groups/G/status")).isTrue();
    }

    /** Issue 9 item 3: winning the election and bumping the epoch are two steps; the znode may go in between. */
    @Test
    void whenTheNodesElectionZnodeIsGone_thenAcquireStartsNoTermAndLeavesTheEpochAlone() {
        Fence current = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        String stale = joinElection();
        zk.delete(stale); // the session ended, or the node left the election, after it was told it leads

        assertThat(Fence.acquire(client, EPOCH, stale)).isEmpty();
        assertThat(epoch()).isEqualTo(1);
        current.put("/groups/G/status", new byte[] {2}); // the term in office is not disturbed
    }

    /** A standby's rehearsal of the increment (issue 14): ZooKeeper refuses it, and nothing changes. */
    @Test
    void whenAStandbyRehearsesAcquire_thenZooKeeperRefusesIt_andNothingIsWritten() throws Exception {
        Fence current = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        current.put("/groups/G/status", new byte[] {1});
        int epochVersion = zk.read(EPOCH).orElseThrow().version();

        boolean refused = Fence.rehearseAcquire(
                client,
                EPOCH,
                joinElection(),
                next -> List.of(new Fence.Put("/groups/G/status", new byte[] {9}, false)),
                List.of("/groups/G/status"));

        assertThat(refused).isTrue();
        assertThat(epoch()).isEqualTo(1);
        assertThat(zk.read(EPOCH).orElseThrow().version()).isEqualTo(epochVersion);
        assertThat(zk.read("/groups/G/status").orElseThrow().data()).containsExactly(1);
        current.put("/groups/G/status", new byte[] {2}); // the term in office is not disturbed
        assertThat(Fence.acquire(client, EPOCH, joinElection()))
                .map(Fence::epoch)
                .contains(2L);
    }

    @Test
    void whenAnotherTermStarts_thenTheOldTermsWritesAreFenced() {
        Fence old = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        Optional<Fence> next = Fence.acquire(client, EPOCH, joinElection());
        assertThat(next).map(Fence::epoch).contains(2L);
        assertThatThrownBy(() -> old.put("/groups/G/status", new byte[] {3})).isInstanceOf(Fence.FencedException.class);
        assertThatThrownBy(() -> old.delete("/groups/G/status")).isInstanceOf(Fence.FencedException.class);
    }

    /** A put over an existing znode takes one round trip (issue 14) and is fenced all the same. */
    @Test
    void whenTheZnodeExists_thenAPutOverwritesIt_andAnOldTermsPutIsFencedAndChangesNothing() {
        Fence old = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        old.put("/groups/G/deeper/status", new byte[] {1}); // absent, parent absent: created
        old.put("/groups/G/deeper/status", new byte[] {2}); // present: overwritten
        assertThat(zk.read("/groups/G/deeper/status").orElseThrow().data()).containsExactly(2);

        Fence next = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        assertThatThrownBy(() -> old.put("/groups/G/deeper/status", new byte[] {3}))
                .isInstanceOf(Fence.FencedException.class);
        assertThat(zk.read("/groups/G/deeper/status").orElseThrow().data()).containsExactly(2);
        next.put("/groups/G/deeper/status", new byte[] {4});
        assertThat(zk.read("/groups/G/deeper/status").orElseThrow().data()).containsExactly(4);
    }

    /**
     * An ephemeral (a network name) is created in one round trip, rewritten in one once this term owns it, re-created
     * after a delete, replaced when an earlier session left it, and fenced like any write (issue 14).
     */
    @Test
    void whenAnEphemeralIsPut_thenItIsCreatedRewrittenAndRecreated_andAnOldTermsPutIsFenced() throws Exception {
        String name = "/names/ENTSSO";
        try (CuratorFramework earlier =
                CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100))) {
            earlier.start();
            earlier.create()
                    .creatingParentsIfNeeded()
                    .withMode(CreateMode.EPHEMERAL)
                    .forPath(name, new byte[] {9});
            Fence old = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
            old.putEphemeral(name, new byte[] {1}); // an earlier session's ephemeral: replaced by ours
            assertThat(client.checkExists().forPath(name).getEphemeralOwner())
                    .isEqualTo(client.getZookeeperClient().getZooKeeper().getSessionId());
        }
        Fence current = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        current.putEphemeral(name, new byte[] {2});
        current.putEphemeral(name, new byte[] {3});
        assertThat(zk.read(name).orElseThrow().data()).containsExactly(3);
        current.delete(name);
        current.putEphemeral(name, new byte[] {4});
        assertThat(zk.read(name).orElseThrow().data()).containsExactly(4);
        zk.delete(name); // removed behind the term's back: the next put finds it gone and creates it again
        current.putEphemeral(name, new byte[] {5});
        assertThat(zk.read(name).orElseThrow().data()).containsExactly(5);

        Fence next = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        assertThatThrownBy(() -> current.putEphemeral(name, new byte[] {6})).isInstanceOf(Fence.FencedException.class);
        assertThat(zk.read(name).orElseThrow().data()).containsExactly(5);
        next.putEphemeral(name, new byte[] {7});
        assertThat(zk.read(name).orElseThrow().data()).containsExactly(7);
    }

    /** A term started from the epoch as just read saves a round trip; a stale read costs a retry, not a wrong epoch. */
    @Test
    void whenAcquireStartsFromAStaleEpochRead_thenItRetriesAndTakesTheNextEpoch() {
        Optional<Zk.Versioned> stale = zk.read(EPOCH);
        Fence first = Fence.acquire(client, EPOCH, joinElection(), stale).orElseThrow();
        assertThat(first.epoch()).isEqualTo(1);
        Fence second = Fence.acquire(client, EPOCH, joinElection(), stale).orElseThrow();
        assertThat(second.epoch()).isEqualTo(2);
        assertThat(epoch()).isEqualTo(2);
    }

    /** What a resource withdraws goes in one multi-op; a znode already gone falls back to one delete each. */
    @Test
    void whenSeveralZnodesAreDeletedAtOnce_thenAllGo_evenIfOneIsAlreadyGone_andAnOldTermDeletesNothing() {
        Fence current = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        current.put("/groups/G/published/A", new byte[] {1});
        current.putEphemeral("/names/A", new byte[] {1});
        current.deleteAll(java.util.List.of("/groups/G/published/A", "/names/A"));
        assertThat(zk.exists("/groups/G/published/A")).isFalse();
        assertThat(zk.exists("/names/A")).isFalse();

        current.putEphemeral("/names/A", new byte[] {2});
        current.deleteAll(java.util.List.of("/groups/G/published/A", "/names/A")); // the first is gone already
        assertThat(zk.exists("/names/A")).isFalse();

        current.putEphemeral("/names/A", new byte[] {3});
        current.put("/groups/G/published/A", new byte[] {3});
        Fence next = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        assertThatThrownBy(() -> current.deleteAll(java.util.List.of("/groups/G/published/A", "/names/A")))
                .isInstanceOf(Fence.FencedException.class);
        assertThat(zk.exists("/names/A")).isTrue();
        assertThat(zk.exists("/groups/G/published/A")).isTrue();
        assertThat(next.epoch()).isEqualTo(2);
    }

    private long zxid(String path) throws Exception {
        return client.checkExists().forPath(path).getMzxid();
    }

    private static List<Fence.Put> publishedAndName(byte value) {
        return List.of(
                new Fence.Put("/groups/G/published/A", new byte[] {value}, false),
                new Fence.Put("/names/A", new byte[] {value}, true));
    }

    @Test
    void whenTheZnodesAreAsTheTermKnows_thenPutAllWritesThemInOneMultiOp() throws Exception {
        zk.createIfAbsent("/names", new byte[0]); // left by the first name a cluster ever registered
        Fence first = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        first.put("/groups/G/published/A", new byte[] {1}); // a crashed owner's: still there for the next term

        Fence crashTakeover = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        crashTakeover.observed("/groups/G/published/A", true);
        crashTakeover.putAll(publishedAndName((byte) 2));
        assertThat(zk.read("/groups/G/published/A").orElseThrow().data()).containsExactly(2);
        assertThat(zk.read("/names/A").orElseThrow().data()).containsExactly(2);
        assertThat(zxid("/names/A")).as("one transaction").isEqualTo(zxid("/groups/G/published/A"));

        crashTakeover.putAll(publishedAndName((byte) 3)); // both its own now: overwritten together
        assertThat(zxid("/names/A")).isEqualTo(zxid("/groups/G/published/A"));
        crashTakeover.deleteAll(List.of("/groups/G/published/A", "/names/A")); // a handover withdraws both

        Fence moveTarget = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        moveTarget.observed("/groups/G/published/A", false);
        moveTarget.putAll(publishedAndName((byte) 4));
        assertThat(zk.read("/groups/G/published/A").orElseThrow().data()).containsExactly(4);
        assertThat(zxid("/names/A")).as("created together").isEqualTo(zxid("/groups/G/published/A"));
    }

    @Test
    void whenAZnodeIsNotAsTheTermKnows_thenPutAllStillWritesEach_andAnOldTermsPutAllIsFenced() {
        Fence current = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        current.observed("/groups/G/published/A", true); // wrong: it was never written
        current.putAll(publishedAndName((byte) 1));
        assertThat(zk.read("/groups/G/published/A").orElseThrow().data()).containsExactly(1);
        assertThat(zk.read("/names/A").orElseThrow().data()).containsExactly(1);

        Fence next = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        assertThatThrownBy(() -> current.putAll(publishedAndName((byte) 2))).isInstanceOf(Fence.FencedException.class);
        assertThat(zk.read("/groups/G/published/A").orElseThrow().data()).containsExactly(1);
        assertThat(zk.read("/names/A").orElseThrow().data()).containsExactly(1);
        assertThat(next.epoch()).isEqualTo(2);
    }

    /**
     * A publication queued without waiting (issue 14): written in one transaction when the znodes are as guessed and
     * landing before what the term writes next; false when one is not (the caller's careful putAll then writes it); an
     * old term's fails as fenced and changes nothing.
     */
    @Test
    void aPutAllInBackground_landsBeforeTheNextWrite_saysWhenAGuessWasWrong_andIsFencedForAnOldTerm() throws Exception {
        zk.createIfAbsent("/names", new byte[0]);
        zk.createIfAbsent("/groups/G/published", new byte[0]); // as every term after the group's first finds it
        Fence current = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        current.observed("/groups/G/published/A", false);
        CompletableFuture<Boolean> first = current.putAllInBackground(publishedAndName((byte) 1));
        current.put("/groups/G/after", new byte[] {1});
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(zxid("/names/A")).as("one transaction").isEqualTo(zxid("/groups/G/published/A"));
        assertThat(zxid("/groups/G/published/A")).isLessThan(zxid("/groups/G/after"));
        assertThat(current.putAllInBackground(publishedAndName((byte) 2)).get(10, TimeUnit.SECONDS))
                .as("both its own now: overwritten")
                .isTrue();
        assertThat(zk.read("/names/A").orElseThrow().data()).containsExactly(2);

        current.observed("/groups/G/published/B", true); // wrong: it was never written
        assertThat(current.putAllInBackground(List.of(new Fence.Put("/groups/G/published/B", new byte[] {1}, false)))
                        .get(10, TimeUnit.SECONDS))
                .isFalse();
        assertThat(zk.exists("/groups/G/published/B")).isFalse();
        current.putAll(List.of(new Fence.Put("/groups/G/published/B", new byte[] {1}, false)));
        assertThat(zk.exists("/groups/G/published/B")).isTrue();

        Fence next = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        assertThat(current.putAllInBackground(publishedAndName((byte) 3)))
                .failsWithin(10, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(Fence.FencedException.class);
        assertThat(zk.read("/groups/G/published/A").orElseThrow().data()).containsExactly(2);
        assertThat(next.epoch()).isEqualTo(2);
    }

    @Test
    void anOverwriteQueuedBehindACreateAnEarlierSessionsEphemeralRefused_saysItWasNotWritten() throws Exception {
        String name = "/names/ENTSSO";
        zk.createIfAbsent("/names", new byte[0]);
        try (CuratorFramework earlier =
                CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100))) {
            earlier.start();
            earlier.create().withMode(CreateMode.EPHEMERAL).forPath(name, new byte[] {9});
            Fence current = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();

            CompletableFuture<Boolean> create =
                    current.putAllInBackground(List.of(new Fence.Put(name, new byte[] {1}, true)));
            CompletableFuture<Boolean> overwrite =
                    current.putAllInBackground(List.of(new Fence.Put(name, new byte[] {2}, true)));

            assertThat(create.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(overwrite.get(10, TimeUnit.SECONDS))
                    .as("it landed, if at all, in the earlier session's znode, which goes with that session")
                    .isFalse();
            current.putAll(List.of(new Fence.Put(name, new byte[] {2}, true)));
            assertThat(client.checkExists().forPath(name).getEphemeralOwner())
                    .isEqualTo(client.getZookeeperClient().getZooKeeper().getSessionId());
        }
        assertThat(zk.read(name).orElseThrow().data()).containsExactly(2);
    }

    /** Starts a term from {@code latchPath} whose first status (the epoch itself here) goes with the epoch. */
    private Optional<Fence> acquireWithStatus(String latchPath) {
        return Fence.acquire(
                client,
                EPOCH,
                latchPath,
                Optional.empty(),
                e -> List.of(new Fence.Put("/groups/G/status", Json.write(e), false)));
    }

    @Test
    void whenAcquireIsGivenTheTermsFirstStatus_thenItIsWrittenWithTheEpoch_orLeftToTheCallerInTheFirstTerm()
            throws Exception {
        String status = "/groups/G/status";
        Fence first = acquireWithStatus(joinElection()).orElseThrow();
        assertThat(first.epoch()).isEqualTo(1);
        assertThat(first.startWritten())
                .as("no status yet: the caller writes it")
                .isFalse();
        assertThat(zk.exists(status)).isFalse();
        first.put(status, Json.write(1L));

        Fence second = acquireWithStatus(joinElection()).orElseThrow();
        assertThat(second.startWritten()).isTrue();
        assertThat(Json.read(zk.read(status).orElseThrow().data(), Long.class)).isEqualTo(2L);
        assertThat(zxid(status)).as("one transaction with the epoch").isEqualTo(zxid(EPOCH));

        String gone = zk.create("/groups/G/latch/n-", CreateMode.EPHEMERAL_SEQUENTIAL, new byte[0]);
        zk.delete(gone);
        assertThat(acquireWithStatus(gone))
                .as("no place in the election: no term, no status")
                .isEmpty();
        assertThat(epoch()).isEqualTo(2);
        assertThat(Json.read(zk.read(status).orElseThrow().data(), Long.class)).isEqualTo(2L);
    }

    @Test
    void whatTheTermKnowsToBeAbsent_followsItsStartsReadAndItsOwnWrites() {
        Fence current = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        String published = "/groups/G/published/A";
        assertThat(current.knownAbsent(published)).as("never read: unknown").isFalse();
        current.observed(published, false);
        assertThat(current.knownAbsent(published)).isTrue();
        current.put(published, new byte[] {1});
        assertThat(current.knownAbsent(published)).isFalse();
        current.delete(published);
        assertThat(current.knownAbsent(published)).isTrue();
        current.observed(published, true);
        assertThat(current.knownAbsent(published)).isFalse();
    }

    @Test
    void aHandoversLastWritesLandBeforeWhatFollows_andAnOldTermsAreFencedAndSayWhy() throws Exception {
        Fence current = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        String status = "/groups/G/status";
        String published = "/groups/G/published/A";
        String name = "/names/A";
        String absent = "/groups/G/published/B";
        current.put(status, new byte[] {1});
        current.put(published, new byte[] {1});
        current.putEphemeral(name, new byte[] {1});
        java.util.concurrent.BlockingQueue<String> failures = new java.util.concurrent.LinkedBlockingQueue<>();
        current.leaveInBackground(
                List.of(published, name, absent, name), // one not there, one twice: nothing to say about either
                new Fence.Put(status, new byte[] {2}, false),
                failures::add);
        current.put("/groups/G/after", new byte[] {1}); // the same session: applied after the background writes
        assertThat(zk.read(status).orElseThrow().data()).containsExactly(2);
        assertThat(zxid(status)).isLessThan(zxid("/groups/G/after"));
        assertThat(zk.exists(published)).isFalse();
        assertThat(zk.exists(name)).isFalse();
        assertThat(current.knownAbsent(published)).isTrue();
        assertThat(failures).isEmpty();

        current.put(published, new byte[] {1});
        Fence next = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        current.leaveInBackground(List.of(published), new Fence.Put(status, new byte[] {3}, false), failures::add);
        assertThat(failures.poll(10, java.util.concurrent.TimeUnit.SECONDS))
                .as("an old term's writes are refused, and said so")
                .contains("BADVERSION");
        assertThat(zk.read(status).orElseThrow().data()).containsExactly(2);
        assertThat(zk.exists(published)).as("not deleted by the old term").isTrue();
        assertThat(next.epoch()).isEqualTo(2);
    }

    @Test
    void aTermsReadsQueuedBehindItsEpochSeeTheIncrement_andNotWhatTheDeposedTermWritesAfterIt() throws Exception {
        Fence old = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        String checkpoint = "/groups/G/checkpoints/A";
        old.put(checkpoint, new byte[] {1});
        Fence.Started started = Fence.acquire(
                        client, EPOCH, joinElection(), Optional.empty(), epoch -> List.of(), List.of(checkpoint, EPOCH))
                .orElseThrow();
        assertThat(started.fence().epoch()).isEqualTo(2);
        assertThat(Json.read(started.read().get(EPOCH).orElseThrow().data(), Long.class))
                .as("read after the increment")
                .isEqualTo(2L);
        assertThat(started.read().get(checkpoint).orElseThrow().data()).containsExactly(1);
        assertThatThrownBy(() -> old.put(checkpoint, new byte[] {2})).isInstanceOf(Fence.FencedException.class);
    }

    @Test
    void readsAnsweredBeforeTheIncrement_areReadAgain_andLaterOnesAreKept() throws Exception {
        Fence current = Fence.acquire(client, EPOCH, joinElection()).orElseThrow();
        String checkpoint = "/groups/G/checkpoints/A";
        current.put(checkpoint, new byte[] {7});
        int version = zk.read(EPOCH).orElseThrow().version();
        java.util.Map<String, java.util.concurrent.CompletableFuture<Optional<Zk.Versioned>>> answered =
                new java.util.LinkedHashMap<>();
        // As a retried increment leaves them: answered before it, the epoch znode one version behind.
        answered.put(
                EPOCH,
                java.util.concurrent.CompletableFuture.completedFuture(
                        Optional.of(new Zk.Versioned(Json.write(0L), version - 1))));
        answered.put(checkpoint, java.util.concurrent.CompletableFuture.completedFuture(Optional.empty()));
        assertThat(TermStart.readsBehind(client, List.of(checkpoint), answered, EPOCH, version))
                .as("read again")
                .containsOnlyKeys(checkpoint)
                .hasValueSatisfying(new org.assertj.core.api.Condition<>(
                        v -> v.isPresent() && v.get().data()[0] == 7, "the checkpoint as it is"));

        answered.put(
                EPOCH,
                java.util.concurrent.CompletableFuture.completedFuture(
                        Optional.of(new Zk.Versioned(Json.write(1L), version))));
        assertThat(TermStart.readsBehind(client, List.of(checkpoint), answered, EPOCH, version))
                .as("answered after the increment: kept as answered")
                .containsOnlyKeys(checkpoint)
                .containsEntry(checkpoint, Optional.empty());
    }
}
