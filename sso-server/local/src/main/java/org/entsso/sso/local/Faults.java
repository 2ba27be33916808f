package org.entsso.sso.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.node.FailbackMode;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.resource.ResourceState;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.mss.SecretAdminClient;
import org.entsso.sso.mss.SecretBackup;
import org.entsso.sso.node.EntssoGroup;
import org.entsso.sso.node.SsoNode;
import org.entsso.sso.tls.TlsMaterial;

/**
 * One round of each {@link DrillKind}: injects the fault, waits for the cluster to recover, and records in a
 * {@link Round} what the drill itself saw (the fault, the first write acknowledged after it, the fault cleared, the
 * cluster whole again). The cluster log's phases and the contract checks are added by {@link Drill}. Not thread-safe.
 */
final class Faults {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** How long a frozen owner stays frozen: past the session timeout, as a long GC pause would. */
    static final Duration PAUSE = Duration.ofSeconds(8);
    /** How long ZooKeeper's quorum or the database stays away. */
    static final Duration OUTAGE = Duration.ofSeconds(8);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKLOAD = "workload (client library)";

    private final DrillTarget target;
    private final ClusterAdmin admin;
    private final Workload workload;
    private TlsMaterial administrator;

    Faults(DrillTarget target, ClusterAdmin admin, Workload workload) {
        this.target = target;
        this.admin = admin;
        this.workload = workload;
    }

    /** Runs round {@code number} of {@code kind}, waiting first for a steady cluster; never returns null. */
    Round run(DrillKind kind, int number) throws InterruptedException {
        String owner = steady();
        workload.resetCounters();
        return switch (kind) {
            case KILL -> kill(number, owner);
            case STOP -> stop(number, owner);
            case TERM -> term(number, owner);
            case MOVE -> move(number, owner);
            case FAIL_RESOURCE -> failResource(number, owner);
            case DRAIN -> drain(number, owner);
            case ZK_LEADER -> zooKeeperLeader(number);
            case ZK_QUORUM -> zooKeeperQuorum(number);
            case DB_OUTAGE -> databaseOutage(number);
            case ROTATE -> rotate(number, owner);
            case ROLLING -> rolling(number);
        };
    }

    private Round kill(int number, String owner) throws InterruptedException {
        LocalCluster local = target.requireLocal(DrillKind.KILL);
        String source = "drill: SIGKILL to " + pid(owner);
        local.kill(owner);
        // The fault's time is when the signal was sent, not when the drill decided to send it (see stop).
        Round round = new Round(DrillKind.KILL, number, Instant.now(), owner, source);
        awaitOnline(Optional.of(owner));
        firstWrite(round, round.faultAt);
        local.startNode(owner);
        awaitUp(owner);
        round.phase("recovered", owner + " rejoined", Instant.now(), "drill (membership Up)");
        return round;
    }

    private Round stop(int number, String owner) throws InterruptedException {
        LocalCluster local = target.requireLocal(DrillKind.STOP);
        String source = "drill: SIGSTOP to " + pid(owner);
        local.pause(owner);
        // Timed once the signal was sent (the kill command run takes 10-30 ms): a write begun before that may still be
        // answered by the owner, and was counted as the first write of the new one (a 27 ms "failover" in the issue 14
        // drill). A write begun after it can only be answered by the new owner while the old one is frozen.
        Round round = new Round(DrillKind.STOP, number, Instant.now(), owner, source);
        try {
            awaitOnline(Optional.of(owner));
            firstWrite(round, round.faultAt);
            sleepUntil(round.faultAt.plus(PAUSE)); // frozen for the whole pause, as in a long GC pause
        } finally {
            local.resume(owner);
        }
        round.phase("faultCleared", "SIGCONT to " + owner, Instant.now(), "drill");
        awaitUp(owner);
        round.phase("recovered", owner + " rejoined", Instant.now(), "drill (membership Up)");
        return round;
    }

    private Round term(int number, String owner) throws InterruptedException {
        LocalCluster local = target.requireLocal(DrillKind.TERM);
        Round round = new Round(DrillKind.TERM, number, Instant.now(), owner, "drill: SIGTERM to " + pid(owner));
        Thread stopper = new Thread(() -> local.stop(owner), "drill-sigterm");
        stopper.start(); // the process drains for up to its grace; the takeover does not wait for that
        awaitOnline(Optional.of(owner));
        // The leaving owner still answers while it drains: what a writer sees is the longest pause, as for a move.
        writePause(round);
        stopper.join();
        local.startNode(owner);
        awaitUp(owner);
        round.phase("recovered", owner + " rejoined", Instant.now(), "drill (membership Up)");
        return round;
    }

    private Round move(int number, String owner) throws InterruptedException {
        String to = anotherUpNode(owner);
        Round round = new Round(DrillKind.MOVE, number, Instant.now(), owner + " -> " + to, "drill: Move-ClusterGroup");
        admin.moveGroup(EntssoGroup.NAME, Optional.of(to), WAIT);
        awaitOnline(Optional.of(owner));
        writePause(round);
        return round;
    }

    private Round failResource(int number, String owner) throws InterruptedException {
        Round round = new Round(
                DrillKind.FAIL_RESOURCE,
                number,
                Instant.now(),
                owner,
                "drill: Test-ClusterResourceFailure '" + EntssoGroup.SERVICE_RESOURCE + "'");
        admin.failResource(EntssoGroup.SERVICE_RESOURCE, WAIT);
        // The restart policy brings it back in place (or fails the group over): wait until it has been down and is
        // Online again, so that the first write counted is one the restarted service acknowledged.
        Instant deadline = Instant.now().plus(WAIT);
        Instant down = null;
        while (true) {
            ResourceState state = admin.resource(EntssoGroup.SERVICE_RESOURCE).state();
            if (down == null && state != ResourceState.Online) {
                down = Instant.now();
            } else if (down != null && state == ResourceState.Online) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        EntssoGroup.SERVICE_RESOURCE + " did not fail and come back online within " + WAIT);
            }
            Thread.sleep(5);
        }
        awaitOnline(Optional.empty());
        firstWrite(round, round.faultAt, down);
        return round;
    }

    private Round drain(int number, String owner) throws InterruptedException {
        Round round = new Round(
                DrillKind.DRAIN, number, Instant.now(), owner, "drill: Suspend-ClusterNode " + owner + " -Drain");
        admin.pauseNode(owner, true, false, WAIT);
        try {
            awaitOnline(Optional.of(owner));
            writePause(round);
        } finally {
            admin.resumeNode(owner, FailbackMode.NoFailback, WAIT);
        }
        round.phase("faultCleared", "Resume-ClusterNode " + owner, Instant.now(), "drill");
        return round;
    }

    private Round zooKeeperLeader(int number) throws InterruptedException {
        LocalCluster local = target.requireLocal(DrillKind.ZK_LEADER);
        List<Integer> ports = local.zooKeeperPorts();
        int leader = ZooKeeperModes.leader(administrator(), ports)
                .orElseThrow(() -> new IllegalStateException("no ZooKeeper server says it leads"));
        Round round = new Round(
                DrillKind.ZK_LEADER, number, Instant.now(), "zk" + (leader + 1), "drill: SIGKILL to zk" + (leader + 1));
        local.killZooKeeper(leader + 1);
        firstWrite(round, round.faultAt);
        local.startZooKeeper();
        round.phase("faultCleared", "zk" + (leader + 1) + " started again", Instant.now(), "drill");
        awaitQuorum(local, round);
        return round;
    }

    private Round zooKeeperQuorum(int number) throws InterruptedException {
        LocalCluster local = target.requireLocal(DrillKind.ZK_QUORUM);
        Round round = new Round(DrillKind.ZK_QUORUM, number, Instant.now(), "zk2, zk3", "drill: SIGTERM to zk2, zk3");
        local.stopZooKeeper(3);
        local.stopZooKeeper(2);
        sleepUntil(round.faultAt.plus(OUTAGE));
        local.startZooKeeper();
        Instant cleared = Instant.now();
        round.phase("faultCleared", "zk2, zk3 started again", cleared, "drill");
        awaitQuorum(local, round);
        awaitOnline(Optional.empty());
        firstWrite(round, cleared);
        return round;
    }

    private Round databaseOutage(int number) throws InterruptedException {
        LocalCluster local = target.requireLocal(DrillKind.DB_OUTAGE);
        Round round = new Round(DrillKind.DB_OUTAGE, number, Instant.now(), "h2", "drill: SIGTERM to the database");
        local.stopDatabase();
        sleepUntil(round.faultAt.plus(OUTAGE));
        local.restartDatabase();
        Instant cleared = Instant.now();
        round.phase("faultCleared", "database started again", cleared, "drill");
        awaitOnline(Optional.empty());
        firstWrite(round, cleared);
        return round;
    }

    private Round rotate(int number, String owner) throws InterruptedException {
        Path passwordFile = target.backupPasswordFile()
                .orElseThrow(() -> new IllegalArgumentException(
                        "drill kind 'rotate' needs the backup password file (--backup-password-file)"));
        URI endpoint =
                URI.create(admin.resolveName(EntssoGroup.NAME).orElseThrow().get("Endpoint"));
        char[] password = PasswordFiles.read(passwordFile, "backup password file");
        try (SecretAdminClient secrets =
                new SecretAdminClient(administrator(), endpoint, Duration.ofSeconds(5), WAIT)) {
            awaitReencryptionIdle(secrets);
            Round round = new Round(
                    DrillKind.ROTATE, number, Instant.now(), owner, "drill: ssoconfig -generatesecret on " + owner);
            SecretBackup backup = secrets.generate(password, "drill");
            Instant returned = Instant.now();
            round.phase("secretGenerated", "new secret " + backup.msid() + " returned", returned, "drill");
            round.figure("generateMs", round.faultAt, returned);
            Instant everywhere = awaitEveryServerUsing(backup.msid());
            round.phase("recovered", "every SSO server on the new secret", everywhere, "drill (status of each server)");
            round.figure("newSecretEverywhereMs", returned, everywhere);
            return round;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private Round rolling(int number) throws InterruptedException {
        LocalCluster local = target.requireLocal(DrillKind.ROLLING);
        Round round = new Round(DrillKind.ROLLING, number, Instant.now(), "every node", "drill: rolling restart");
        for (String node : local.nodeNames()) {
            Instant before = Instant.now();
            local.stop(node);
            round.phase("nodeStopped", node + " stopped (SIGTERM)", Instant.now(), "drill");
            local.startNode(node);
            awaitUp(node);
            round.phase("nodeRestarted", node + " serves again", Instant.now(), "drill (membership Up)");
            awaitOnline(Optional.empty());
            workload.awaitAckAfter(before, WAIT)
                    .orElseThrow(() -> new IllegalStateException("no write succeeded after " + node + " restarted"));
        }
        round.phase("recovered", "every node restarted", Instant.now(), "drill");
        return round;
    }

    /** The owner once ENTSSO is online and a write has just been acknowledged. */
    private String steady() throws InterruptedException {
        String owner = awaitOnline(Optional.empty());
        workload.awaitAckAfter(Instant.now(), WAIT)
                .orElseThrow(() -> new IllegalStateException("no write succeeds before the round"));
        return awaitOnline(Optional.empty());
    }

    private void firstWrite(Round round, Instant after) throws InterruptedException {
        firstWrite(round, after, after);
    }

    /**
     * The first write begun after {@code begunAfter}, its figure measured from {@code after}. Only a write begun after
     * the fault shows that writes work again: one in flight when it struck may still be answered by the failing owner
     * (seen: a SIGSTOP round whose "first write" came 2 ms after the signal). With one back-to-back writer, this counts
     * at most one write's latency more than the recovery itself.
     */
    private void firstWrite(Round round, Instant after, Instant begunAfter) throws InterruptedException {
        Workload.Ack ack = workload.awaitAckBegunAfter(begunAfter, WAIT)
                .orElseThrow(() -> new IllegalStateException("no write was acknowledged within " + WAIT));
        round.phase("firstWrite", "first write acknowledged", ack.at(), WORKLOAD);
        round.figure(after.equals(round.faultAt) ? "faultToFirstWriteMs" : "clearedToFirstWriteMs", after, ack.at());
    }

    /** The longest pause a back-to-back writer saw around a planned change (DESIGN.md: at most 500 ms). */
    private void writePause(Round round) throws InterruptedException {
        Instant online = Instant.now();
        Workload.Ack first = workload.awaitAckAfter(online, WAIT)
                .orElseThrow(() -> new IllegalStateException("no write succeeded after the move"));
        round.phase("firstWrite", "first write acknowledged after online", first.at(), WORKLOAD);
        round.figures.put(
                "longestWritePauseMs",
                workload.longestAckGap(round.faultAt, first.at()).toNanos() / 1e6);
    }

    private void awaitQuorum(LocalCluster local, Round round) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (ZooKeeperModes.leader(administrator(), local.zooKeeperPorts()).isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("ZooKeeper elected no leader within " + WAIT);
            }
            Thread.sleep(100);
        }
        round.phase("recovered", "ZooKeeper has a leader again", Instant.now(), "drill (srvr on each server)");
    }

    private void awaitReencryptionIdle(SecretAdminClient secrets) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!"IDLE".equals(secrets.status().reencryptionState())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("re-encryption did not finish within " + WAIT);
            }
            Thread.sleep(100);
        }
    }

    private Instant awaitEveryServerUsing(UUID msid) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        List<URI> pending = new ArrayList<>(workload.client().servers());
        while (!pending.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("SSO servers " + pending + " did not pick up " + msid);
            }
            pending.removeIf(server -> msid.toString().equals(currentMsid(server)));
            Thread.sleep(10);
        }
        return Instant.now();
    }

    private String currentMsid(URI server) {
        try {
            JsonNode doc = JSON.readTree(workload.client().status(server).document());
            return doc.path("keyring").path("currentMsid").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    /** The administrator's TLS material, read once (a PKCS#12 file costs a key derivation per read). */
    private TlsMaterial administrator() {
        if (administrator == null) {
            administrator = target.administrator();
        }
        return administrator;
    }

    private String pid(String name) {
        return name
                + target.local()
                        .flatMap(l -> l.process(name))
                        .map(p -> " (pid " + p.pid() + ")")
                        .orElse("");
    }

    private String anotherUpNode(String owner) {
        return admin.nodes().stream()
                .filter(n -> !n.name().equals(owner) && n.state() == NodeState.Up)
                .map(NodeInfo::name)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no other node is Up to move ENTSSO to"));
    }

    String awaitOnline(Optional<String> not) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                GroupInfo g = admin.group(EntssoGroup.NAME);
                if (g.state() == GroupState.Online
                        && not.map(n -> !n.equals(g.ownerNode())).orElse(true)) {
                    return g.ownerNode();
                }
            } catch (RuntimeException e) {
                // ZooKeeper unreachable for now (quorum drills): ask again
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("ENTSSO did not come online within " + WAIT);
    }

    private void awaitUp(String node) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            for (NodeInfo n : admin.nodes()) {
                if (n.name().equals(node)
                        && n.state() == NodeState.Up
                        && n.attributes().containsKey(SsoNode.ENDPOINT_ATTRIBUTE)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(node + " did not rejoin within " + WAIT);
    }

    private static void sleepUntil(Instant t) throws InterruptedException {
        long left = Duration.between(Instant.now(), t).toMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }
}
