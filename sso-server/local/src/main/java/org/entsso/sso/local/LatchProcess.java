package org.entsso.sso.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ZkTls;

/**
 * The drill's reference (issue 14 item 4): a bare Curator {@link LeaderLatch} in its own process, on the same
 * ensemble, with the same session timeout and a Curator client built as the engine builds its own, and nothing else.
 * Prints {@code READY} once it has joined the election and {@code LEADER <epoch millis>} when it is elected; runs until
 * killed. Arguments: connect string, cluster name, session timeout (ms), key store, its password file, CA certificate.
 */
public final class LatchProcess {
    static final String PATH = "/drill-reference/latch";

    private LatchProcess() {}

    public static void main(String... args) throws Exception {
        ClusterConnection connection = ClusterConnection.of(args[0])
                .withClusterName(args[1])
                .withSessionTimeout(Duration.ofMillis(Long.parseLong(args[2])))
                .withTls(ZkTls.of(Path.of(args[3]), Path.of(args[4]), Path.of(args[5])));
        CuratorFramework client = connection.newCuratorClient();
        client.start();
        client.blockUntilConnected();
        LeaderLatch latch = new LeaderLatch(client, PATH);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                System.out.println("LEADER " + System.currentTimeMillis());
                System.out.flush();
            }

            @Override
            public void notLeader() {
                System.out.println("NOT_LEADER " + System.currentTimeMillis());
                System.out.flush();
            }
        });
        latch.start();
        System.out.println("READY");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
