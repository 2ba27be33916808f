package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.awaitility.Awaitility;
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.testing.Timing;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.TlsMaterial;
import org.entsso.sso.transport.RevocationList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The revocation list reaches every node through a real ZooKeeper server: a list written to one node's {@code tls.crl}
 * is installed on a node that has no file, a newer file replaces it everywhere, and an older or forged list written
 * into the znode changes nothing.
 */
@Tag("zookeeper")
class RevocationChannelTest {
    private final TestPki pki = new TestPki();
    private final TlsMaterial mallory = pki.client("CONTOSO\\mallory");
    private final TlsMaterial trudy = pki.client("CONTOSO\\trudy");
    private TestingServer zk;
    private ClusterConnection connection;

    @TempDir
    Path dir;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = new TestingServer(true);
        connection = ClusterConnection.of(zk.getConnectString()).withClusterName("crl");
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zk.close();
    }

    private Path writeList(Path file, Set<BigInteger> serials) throws Exception {
        Files.writeString(file, pki.ca.revocationListPem(serials, Duration.ofDays(7)));
        return file;
    }

    private static Set<BigInteger> serials(TlsMaterial... revoked) {
        Set<BigInteger> serials = new java.util.HashSet<>();
        for (TlsMaterial m : revoked) {
            serials.add(m.certificate().getSerialNumber());
        }
        return serials;
    }

    @Test
    void whenOneNodesFileRevokesACertificate_thenEveryNodeRefusesIt_andANewerFileReplacesTheListEverywhere()
            throws Exception {
        Path file = writeList(dir.resolve("ca.crl"), serials(mallory));
        RevocationList withFile = RevocationList.load(file, pki.ca.certificate());
        RevocationList withoutFile = RevocationList.none(pki.ca.certificate());
        assertThat(withoutFile.isRevoked(mallory.certificate())).isFalse();

        try (RevocationChannel first = new RevocationChannel(connection, withFile);
                RevocationChannel second = new RevocationChannel(connection, withoutFile)) {
            first.start();
            second.start();

            Awaitility.await().atMost(Timing.forWaiting()).until(() -> withoutFile.isRevoked(mallory.certificate()));
            assertThat(withoutFile.isRevoked(trudy.certificate())).isFalse();

            writeList(file, serials(mallory, trudy));
            Awaitility.await().atMost(Timing.forWaiting()).until(() -> withoutFile.isRevoked(trudy.certificate()));
            assertThat(withoutFile.revokedCount()).isEqualTo(2);
        }
    }

    @Test
    void whenTheZnodeGetsAnOlderOrForgedList_thenNodesKeepTheirs_andTheNewestIsWrittenBack() throws Exception {
        String older = pki.ca.revocationListPem(serials(), Duration.ofDays(7));
        Path file = writeList(dir.resolve("ca.crl"), serials(mallory));
        RevocationList withFile = RevocationList.load(file, pki.ca.certificate());
        RevocationList withoutFile = RevocationList.none(pki.ca.certificate());
        String forged = ClusterCa.create("test-cluster").revocationListPem(serials(), Duration.ofDays(7));

        try (RevocationChannel first = new RevocationChannel(connection, withFile);
                RevocationChannel second = new RevocationChannel(connection, withoutFile);
                CuratorFramework writer = connection.newCuratorClient()) {
            first.start();
            second.start();
            writer.start();
            Awaitility.await().atMost(Timing.forWaiting()).until(() -> withoutFile.isRevoked(mallory.certificate()));

            for (String intruder : new String[] {older, forged}) {
                writer.setData().forPath(RevocationChannel.PATH, intruder.getBytes(StandardCharsets.US_ASCII));

                // The node with the file writes its newer list back; nobody installs the intruder meanwhile.
                Awaitility.await()
                        .atMost(Timing.forWaiting())
                        .until(() -> java.util.Arrays.equals(
                                writer.getData().forPath(RevocationChannel.PATH),
                                withFile.encoded().orElseThrow()));
                assertThat(withoutFile.isRevoked(mallory.certificate())).isTrue();
                assertThat(withFile.isRevoked(mallory.certificate())).isTrue();
            }
        }
    }
}
