package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.ClusterPki;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.tls.CertificateKind;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-step initialisation an H2 server reached over TLS needs: the CA and the database certificate first, then
 * {@link ClusterInit#run} on the same folder reuses that CA.
 */
class ClusterPkiTest {
    @TempDir
    Path dir;

    @Test
    void whenTheCaAndDatabaseCertificateComeFirst_thenInitialisationReusesTheCa() throws Exception {
        Path cluster = dir.resolve("cluster");
        ClusterCa ca = ClusterPki.createCa(cluster, "two-step");
        Path database = ClusterPki.issueDatabaseServer(cluster, "db.example");

        TlsMaterial server = load(database.resolve(ClusterPki.DATABASE_KEY_STORE), database.resolve("ca.pem"));
        assertThat(server.identity().kind()).isEqualTo(CertificateKind.DATABASE);
        assertThat(server.certificate().getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))))
                .containsExactly("db.example");
        assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth only

        char[] backup = "correct horse battery staple".toCharArray();
        ClusterInit.Result result = ClusterInit.run(new ClusterInit.Plan(
                cluster,
                "two-step",
                "127.0.0.1:2181",
                "4s",
                H2Urls.file(dir.resolve("db").resolve("sso")),
                List.of(new ClusterInit.NodePlan(
                        "node1",
                        "127.0.0.1",
                        8443,
                        8444,
                        EnumSet.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER))),
                "LOCAL\\ssoadmin",
                backup,
                "reminder"));

        Path node = result.nodeConfigs().get("node1").getParent();
        X509Certificate nodeCert =
                load(node.resolve("node.p12"), node.resolve("ca.pem")).certificate();
        nodeCert.verify(ca.certificate().getPublicKey());
        assertThat(CertificateIdentity.of(nodeCert).kind()).isEqualTo(CertificateKind.NODE);
    }

    @Test
    void whenTheFolderHoldsMoreThanTheCa_orItIsAnotherClustersCa_thenInitialisationIsRefused() throws Exception {
        Path cluster = dir.resolve("cluster");
        ClusterPki.createCa(cluster, "mine");
        ClusterInit.Plan theirs = plan(cluster, "theirs");
        assertThatThrownBy(() -> ClusterInit.run(theirs))
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("is cluster mine's, not theirs's");

        Files.createDirectory(cluster.resolve("node1"));
        assertThatThrownBy(() -> ClusterInit.run(plan(cluster, "mine")))
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("holds more than a cluster CA (node1)");
        assertThatThrownBy(() -> ClusterPki.createCa(cluster, "mine"))
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("is not empty");
    }

    private ClusterInit.Plan plan(Path cluster, String name) {
        return new ClusterInit.Plan(
                cluster,
                name,
                "127.0.0.1:2181",
                "4s",
                "jdbc:h2:mem:unused",
                List.of(new ClusterInit.NodePlan(
                        "node1",
                        "127.0.0.1",
                        8443,
                        8444,
                        EnumSet.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER))),
                "LOCAL\\ssoadmin",
                "correct horse battery staple".toCharArray(),
                "reminder");
    }

    private static TlsMaterial load(Path pkcs12, Path caPem) {
        char[] pw = PasswordFiles.read(pkcs12.resolveSibling(pkcs12.getFileName() + ".pwd"), "password file");
        try {
            return TlsMaterial.fromPkcs12(pkcs12, pw, caPem);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }
}
