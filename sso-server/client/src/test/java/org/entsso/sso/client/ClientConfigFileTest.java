package org.entsso.sso.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.entsso.sso.SsoException;
import org.entsso.sso.client.ScriptedServer.Reply;
import org.entsso.sso.testing.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code client.properties}: defaults, every mistake named by its key, and a client opened from the files. */
class ClientConfigFileTest {
    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();
    private Path file;

    @BeforeEach
    void tlsFiles() throws IOException {
        char[] password = "p12-password".toCharArray();
        pki.ca.issueClient("CONTOSO\\host").writePkcs12(dir.resolve("host.p12"), password);
        Files.writeString(dir.resolve("host.p12.pwd"), "p12-password\n");
        pki.ca.writeCertificatePem(dir.resolve("ca.pem"));
        file = dir.resolve("client.properties");
    }

    private void write(String... lines) throws IOException {
        String tls = "tls.keyStore=host.p12\ntls.keyStorePasswordFile=host.p12.pwd\ntls.trustStore=ca.pem\n";
        Files.writeString(file, tls + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void whenOnlyRequiredKeysAreGiven_thenTheDefaultsApply() throws IOException {
        write("client.servers=https://node1:8443");

        ClientConfig config = ClientConfigFile.load(file);

        assertThat(config.servers()).containsExactly(URI.create("https://node1:8443"));
        assertThat(config.writeDeadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.hedgeDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.writeHedgeDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.discoveryInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.keyStore()).contains(dir.resolve("host.p12").toAbsolutePath());
    }

    @Test
    void theZooKeeperKeysOfAnAdministratorsFile_areAccepted_butTheLibraryNeedsSeedServers() throws IOException {
        // ssoconfig reads them to find the master secret server; the library finds SSO servers from its seeds.
        write("client.servers=https://node1:8443", "zookeeper.connect=zk1:2181", "zookeeper.tls=true");
        assertThat(ClientConfigFile.load(file).servers()).containsExactly(URI.create("https://node1:8443"));

        assertNamesKey("zookeeper.connect=zk1:2181", "cluster.name=prod", "client.servers is required");
        assertNamesKey("client.servers= , ", "", "client.servers is required");
    }

    @Test
    void aBuiltConfiguration_needsAtLeastOneSeedServer() {
        assertThatThrownBy(() -> ClientConfig.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one SSO server");
        assertThat(ClientConfig.builder()
                        .server(URI.create("https://node1:8443/"))
                        .build()
                        .servers())
                .containsExactly(URI.create("https://node1:8443"));
    }

    @Test
    void whenEveryKeyIsGiven_thenEachIsRead() throws IOException {
        write(
                "client.servers=https://node1:8443, https://node2:8443/",
                "client.discoveryInterval=750ms",
                "client.writeDeadline=45s",
                "client.requestTimeout=2500ms",
                "client.hedgeDelay=50ms",
                "client.writeHedgeDelay=3s");

        ClientConfig config = ClientConfigFile.load(file);

        assertThat(config.discoveryInterval()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.servers())
                .containsExactly(URI.create("https://node1:8443"), URI.create("https://node2:8443"));
        assertThat(config.writeDeadline()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.hedgeDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.writeHedgeDelay()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void whenAValueIsWrong_thenTheErrorIsOneLineNamingTheKey() throws IOException {
        assertNamesKey("client.servers=https://a:1", "client.server=https://a:1", "client.server is not a known key");
        assertNamesKey("client.servers=http://a:1", "", "client.servers has a bad entry");
        assertNamesKey("client.servers=https://a", "", "client.servers has a bad entry");
        assertNamesKey("client.servers=https://a:1", "client.writeDeadline=soon", "client.writeDeadline must be a");
        assertNamesKey("client.servers=https://a:1", "client.requestTimeout=0", "client.requestTimeout must be");
        assertNamesKey(
                "client.servers=https://a:1", "client.discoveryInterval=10ms", "client.discoveryInterval must be");
    }

    @Test
    void whenATlsFileIsMissing_thenTheErrorNamesItsKey() throws IOException {
        Files.writeString(file, "client.servers=https://a:1\ntls.keyStore=host.p12\ntls.trustStore=ca.pem\n");
        assertThatThrownBy(() -> ClientConfigFile.load(file))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.code()).isEqualTo(15000))
                .hasMessageContaining("tls.keyStorePasswordFile is required");

        Files.writeString(
                file,
                "client.servers=https://a:1\ntls.keyStore=nope.p12\ntls.keyStorePasswordFile=host.p12.pwd\n"
                        + "tls.trustStore=ca.pem\n");
        assertThatThrownBy(() -> ClientConfigFile.load(file))
                .hasMessageContaining("tls.keyStore names")
                .hasMessageContaining("does not exist");
    }

    @Test
    void whenTheFileIsValid_thenAClientOpensWithItsCertificateAndReads() throws IOException {
        String credentials = "/v1/applications/App1/credentials";
        try (ScriptedServer server = new ScriptedServer(pki.ssoServer("node1"), credentials)) {
            server.script(
                    credentials,
                    Reply.ok("{\"application\":\"App1\",\"account\":\"CONTOSO\\\\host\","
                            + "\"externalUser\":\"ext\",\"fields\":{}}"));
            write("client.servers=" + server.endpoint());

            try (SsoClient client = SsoClient.open(ClientConfigFile.load(file))) {
                assertThat(client.getCredentials("App1").externalUser()).isEqualTo("ext");
            }
            assertThat(server.received())
                    .extracting(ScriptedServer.Received::caller)
                    .containsExactly("CONTOSO\\host");
        }
    }

    private void assertNamesKey(String first, String second, String expected) throws IOException {
        write(first, second);
        assertThatThrownBy(() -> ClientConfigFile.load(file))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.code()).isEqualTo(15000))
                .hasMessageContaining(file.toString())
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(List.of(e.getMessage().split("\n"))).hasSize(1));
    }
}
