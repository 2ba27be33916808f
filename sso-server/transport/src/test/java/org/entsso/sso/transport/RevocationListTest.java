package org.entsso.sso.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.entsso.cluster.testing.ManualClock;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates the cluster CA revoked fail the handshake; the list is reread when its file changes. */
class RevocationListTest {
    private final TestPki pki = new TestPki();
    private final TlsMaterial mallory = pki.client("CONTOSO\\mallory");
    private final TlsMaterial alice = pki.client("CONTOSO\\alice");

    @TempDir
    Path dir;

    private Path writeList(Set<BigInteger> serials, Instant modified) throws Exception {
        Path file = dir.resolve("ca.crl");
        Files.writeString(file, pki.ca.revocationListPem(serials, Duration.ofDays(7)));
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private static String whoami(TlsMaterial caller, MutualTlsServer server) {
        return TestPki.rawGet(
                caller.clientContext(NodeRole.MASTER_SECRET_SERVER), "TLSv1.3", server.boundPort(), "/whoami");
    }

    @Test
    void aRevokedClientFailsTheHandshake_andTheListIsRereadWhenItsFileChanges() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-02T09:00:00Z"));
        Path file = writeList(Set.of(mallory.certificate().getSerialNumber()), Instant.parse("2026-12-02T08:00:00Z"));
        RevocationList list = RevocationList.load(file, pki.ca.certificate(), clock);
        TlsMaterial server = pki.mss().withRevocationList(list);

        try (MutualTlsServer https = new MutualTlsServer(new TlsSettings(TestPki.LOOPBACK, 0, server))
                .route("/whoami", (exchange, caller) -> exchange.sendEmpty(204))) {
            https.start();
            assertThat(whoami(mallory, https)).doesNotStartWith("HTTP/");
            assertThat(whoami(alice, https)).isEqualTo("HTTP/1.1 204 No Content");

            writeList(
                    Set.of(
                            mallory.certificate().getSerialNumber(),
                            alice.certificate().getSerialNumber()),
                    Instant.parse("2026-12-02T08:30:00Z"));
            assertThat(whoami(alice, https)).as("within the recheck interval").isEqualTo("HTTP/1.1 204 No Content");
            clock.advance(RevocationList.RECHECK);

            assertThat(whoami(alice, https)).doesNotStartWith("HTTP/");
            assertThat(list.revokedCount()).isEqualTo(2);
        }
    }

    @Test
    void aListNotSignedByTheClusterCaIsRefused_andABadReplacementKeepsThePreviousList() throws Exception {
        ClusterCa rogue = ClusterCa.create("test-cluster");
        Path forged = dir.resolve("forged.crl");
        Files.writeString(forged, rogue.revocationListPem(Set.of(), Duration.ofDays(7)));

        assertThatThrownBy(() -> RevocationList.load(forged, pki.ca.certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forged.crl cannot be used");

        ManualClock clock = new ManualClock(Instant.parse("2026-12-02T09:00:00Z"));
        Path file = writeList(Set.of(mallory.certificate().getSerialNumber()), Instant.parse("2026-12-02T08:00:00Z"));
        RevocationList list = RevocationList.load(file, pki.ca.certificate(), clock);
        Files.copy(forged, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        clock.advance(RevocationList.RECHECK);

        assertThat(list.isRevoked(mallory.certificate())).isTrue();
        assertThat(list.isRevoked(alice.certificate())).isFalse();
    }

    @Test
    void anOfferedListIsInstalledOnlyWhenTheCaSignedItAndItIsNewer() {
        RevocationList list = RevocationList.none(pki.ca.certificate());
        byte[] older = pki.ca
                .revocationListPem(Set.of(alice.certificate().getSerialNumber()), Duration.ofDays(7))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] newer = pki.ca
                .revocationListPem(Set.of(mallory.certificate().getSerialNumber()), Duration.ofDays(7))
                .getBytes(StandardCharsets.US_ASCII);
        byte[] forged = ClusterCa.create("test-cluster")
                .revocationListPem(Set.of(alice.certificate().getSerialNumber()), Duration.ofDays(7))
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(list.isRevoked(mallory.certificate())).isFalse();
        assertThat(list.encoded()).isEmpty();

        assertThat(list.offer(newer, "test")).isTrue();
        assertThat(list.offer(older, "test")).as("older").isFalse();
        assertThat(list.offer(forged, "test")).as("forged").isFalse();
        assertThat(list.offer("not a list".getBytes(StandardCharsets.US_ASCII), "test"))
                .isFalse();

        assertThat(list.isRevoked(mallory.certificate())).isTrue();
        assertThat(list.isRevoked(alice.certificate())).isFalse();
        assertThat(list.isOlderThanCurrent(older)).isTrue();
        assertThat(list.isOlderThanCurrent(list.encoded().orElseThrow())).isFalse();
    }
}
