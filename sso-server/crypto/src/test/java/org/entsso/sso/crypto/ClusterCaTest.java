package org.entsso.sso.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.entsso.sso.tls.CertificateIdentity;
import org.entsso.sso.tls.CertificateKind;
import org.entsso.sso.tls.NodeRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCaTest {
    private static final char[] P12_PASSWORD = "p12-password".toCharArray();

    @TempDir
    Path folder;

    private final ClusterCa ca = ClusterCa.create("prod");

    @Test
    void aNodeCertificateCarriesItsRolesHostAndBothTlsPurposes() throws Exception {
        IssuedCertificate node =
                ca.issueNode("node1", "node1.example.org", Set.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER));
        X509Certificate certificate = node.certificate();
        assertThat(node.identity())
                .isEqualTo(new CertificateIdentity(
                        "node1", CertificateKind.NODE, Set.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER)));
        assertThat(certificate.getSubjectX500Principal().getName())
                .isEqualTo("O=prod,OU=master-secret-server,OU=sso-server,OU=node,CN=node1");
        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, "node1.example.org"));
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        certificate.verify(ca.certificate().getPublicKey());
    }

    @Test
    void anIpLiteralHostBecomesAnIpAddressSan() throws Exception {
        IssuedCertificate node = ca.issueNode("node2", "127.0.0.1", Set.of(NodeRole.SSO_SERVER));
        assertThat(node.certificate().getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
        assertThat(node.identity().has(NodeRole.MASTER_SECRET_SERVER)).isFalse();
    }

    @Test
    void aZooKeeperServerCertificateNamesItsHost_servesAndDialsPeers_andCarriesNoNodeRole() throws Exception {
        IssuedCertificate zk = ca.issueZooKeeper("zk1", "127.0.0.1");

        assertThat(zk.identity()).isEqualTo(new CertificateIdentity("zk1", CertificateKind.ZOOKEEPER, Set.of()));
        assertThat(zk.certificate().getSubjectX500Principal().getName()).isEqualTo("O=prod,OU=zookeeper,CN=zk1");
        assertThat(zk.certificate().getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
        assertThat(zk.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThatThrownBy(() -> ca.issueZooKeeper("zk1", " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void adminAndClientCertificatesCarryThePrincipalInTheSubjectAndOnlyClientAuth() throws Exception {
        IssuedCertificate admin = ca.issueAdmin("CONTOSO\\ssoadmin");
        IssuedCertificate client = ca.issueClient("CONTOSO\\biztalk-host");
        assertThat(admin.identity())
                .isEqualTo(new CertificateIdentity("CONTOSO\\ssoadmin", CertificateKind.ADMIN, Set.of()));
        assertThat(client.identity().principal()).isEqualTo("CONTOSO\\biztalk-host");
        assertThat(client.identity().kind()).isEqualTo(CertificateKind.CLIENT);
        assertThat(admin.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(admin.certificate().getSubjectAlternativeNames()).isNull();
    }

    @Test
    void theCaIsACaAndIssuedChainsEndInIt() {
        assertThat(ca.certificate().getBasicConstraints()).isEqualTo(0);
        assertThat(ca.certificate().getKeyUsage()[5]).isTrue();
        IssuedCertificate client = ca.issueClient("alice");
        assertThat(client.chain()).containsExactly(client.certificate(), ca.certificate());
        assertThat(client.toString()).contains("redacted").contains("alice");
        assertThat(ca.toString()).contains("redacted");
    }

    @Test
    void aCertificateWithoutAKindIsNotAClusterIdentity() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        X509Certificate plain = org.entsso.sso.crypto.internal.SelfSigned.certificate(
                generator.generateKeyPair(),
                "somebody",
                java.time.Instant.now(),
                java.time.Duration.ofDays(1),
                new java.security.SecureRandom());
        assertThatThrownBy(() -> CertificateIdentity.of(plain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no node, admin, client, zookeeper or database OU");
    }

    @Test
    void invalidRequestsAreRefused() {
        assertThatThrownBy(() -> ca.issueNode("node1", "host", Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ca.issueNode("node1", " ", Set.of(NodeRole.SSO_SERVER)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ca.issueClient("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pemFilesLoadWithTheJdkAloneAndTheKeyFileIsOwnerOnly() throws Exception {
        IssuedCertificate node = ca.issueNode("node1", "localhost", Set.of(NodeRole.SSO_SERVER));
        Path chainFile = folder.resolve("node1.crt");
        Path keyFile = folder.resolve("node1.key");
        node.writePem(chainFile, keyFile);
        Path caFile = folder.resolve("ca.crt");
        ca.writeCertificatePem(caFile);

        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        try (InputStream in = Files.newInputStream(chainFile)) {
            List<java.security.cert.Certificate> chain = List.copyOf(factory.generateCertificates(in));
            assertThat(chain).containsExactly(node.certificate(), ca.certificate());
        }
        try (InputStream in = Files.newInputStream(caFile)) {
            assertThat(factory.generateCertificate(in)).isEqualTo(ca.certificate());
        }
        String pem = Files.readString(keyFile);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        assertThat(key).isEqualTo(node.privateKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
    }

    @Test
    void pkcs12FilesLoadWithTheJdkKeyStore() throws Exception {
        IssuedCertificate admin = ca.issueAdmin("ssoadmin");
        Path file = folder.resolve("admin.p12");
        admin.writePkcs12(file, P12_PASSWORD);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file))) {
            store.load(in, P12_PASSWORD);
        }
        assertThat(store.getKey(IssuedCertificate.ALIAS, P12_PASSWORD)).isEqualTo(admin.privateKey());
        assertThat(store.getCertificateChain(IssuedCertificate.ALIAS))
                .containsExactly(admin.certificate(), ca.certificate());
        assertThat(store.getProvider().getName()).isEqualTo("SUN");
    }

    @Test
    void theCaSurvivesAPkcs12RoundTripAndKeepsIssuing() {
        Path file = folder.resolve("ca.p12");
        ca.writePkcs12(file, P12_PASSWORD);
        ClusterCa loaded = ClusterCa.loadPkcs12(file, P12_PASSWORD, Clock.systemUTC());
        assertThat(loaded.certificate()).isEqualTo(ca.certificate());
        assertThat(loaded.clusterName()).isEqualTo("prod");
        IssuedCertificate client = loaded.issueClient("bob");
        assertThat(client.chain().get(1)).isEqualTo(ca.certificate());
        assertThatThrownBy(() -> ClusterCa.loadPkcs12(file, "wrong".toCharArray(), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString());
    }
}
