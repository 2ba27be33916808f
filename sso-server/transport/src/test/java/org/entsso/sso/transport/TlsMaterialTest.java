package org.entsso.sso.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.entsso.sso.crypto.IssuedCertificate;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.CertificateKind;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS material from the files the crypto package writes, used end to end. */
class TlsMaterialTest {
    private static final char[] PASSWORD = "file-password".toCharArray();

    @TempDir
    Path folder;

    @Test
    void aServerFromPkcs12AndAClientFromPemFilesExchangeTheKeyring() {
        TestPki pki = new TestPki();
        Path caPem = folder.resolve("ca.crt");
        pki.ca.writeCertificatePem(caPem);
        pki.ca
                .issueNode("node1", TestPki.LOOPBACK, Set.of(NodeRole.MASTER_SECRET_SERVER))
                .writePkcs12(folder.resolve("node1.p12"), PASSWORD);
        IssuedCertificate node2 = pki.ca.issueNode("node2", TestPki.LOOPBACK, Set.of(NodeRole.SSO_SERVER));
        node2.writePem(folder.resolve("node2.crt"), folder.resolve("node2.key"));

        TlsMaterial mss = TlsMaterial.fromPkcs12(folder.resolve("node1.p12"), PASSWORD, caPem);
        TlsMaterial sso = TlsMaterial.fromPem(folder.resolve("node2.crt"), folder.resolve("node2.key"), caPem);

        assertThat(mss.identity().has(NodeRole.MASTER_SECRET_SERVER)).isTrue();
        assertThat(sso.identity().kind()).isEqualTo(CertificateKind.NODE);
        assertThat(sso.toString()).contains("CN=node2").contains("<redacted>");
        try (Keyring keyring = Keyring.generate();
                KeyringServer server = new KeyringServer(
                        new TlsSettings(TestPki.LOOPBACK, 0, mss), () -> Optional.of(new ServedKeyring(keyring, 1)));
                KeyringClient client = TestKeyringClients.of(sso)) {
            server.start();
            try (FetchedKeyring fetched = client.fetch(server.endpoint())) {
                assertThat(fetched.keyring().current()).isEqualTo(keyring.current());
            }
        }
    }

    @Test
    void aWrongPkcs12PasswordIsAClearArgumentError() {
        TestPki pki = new TestPki();
        Path caPem = folder.resolve("ca.crt");
        pki.ca.writeCertificatePem(caPem);
        pki.ca.issueAdmin("a").writePkcs12(folder.resolve("a.p12"), PASSWORD);

        assertThatThrownBy(() -> TlsMaterial.fromPkcs12(folder.resolve("a.p12"), "wrong".toCharArray(), caPem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.p12")
                .hasMessageNotContaining("wrong");
    }
}
