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
import org.entsso.cluster.ClusterConnection;
import org.entsso.cluster.ZkTls;
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
        write("zookeeper.connect=zk1:2181,zk2:2181");

        ClientConfig config = ClientConfigFile.load(file);

        assertThat(config.zookeeperConnect()).contains("zk1:2181,zk2:2181");
        assertThat(config.clusterName()).isEqualTo("cluster1");
        assertThat(config.sessionTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.writeDeadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.hedgeDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.writeHedgeDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.keyStore()).contains(dir.resolve("host.p12").toAbsolutePath());
        assertThat(config.servers()).isEmpty();
        assertThat(config.zooKeeperTls()).isTrue();
    }

    @Test
    void zooKeeperIsReachedOverTlsWithTheSameFiles_unlessZookeeperTlsIsFalse() throws IOException {
        write("zookeeper.connect=zk1:2181", "cluster.name=prod");

        ClusterConnection tls = ClientConfigFile.load(file)
                .zooKeeperConnection(Duration.ofSeconds(2))
                .orElseThrow();

        assertThat(tls.clusterName()).isEqualTo("prod");
        assertThat(tls.connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(tls.tls())
                .contains(ZkTls.of(dir.resolve("host.p12"), dir.resolve("host.p12.pwd"), dir.resolve("ca.pem")));

        write("zookeeper.connect=zk1:2181", "zookeeper.tls=false");
        ClientConfig plaintext = ClientConfigFile.load(file);
        assertThat(plaintext.zooKeeperTls()).isFalse();
        assertThat(plaintext
                        .zooKeeperConnection(Duration.ofSeconds(2))
                        .orElseThrow()
                        .tls())
                .isEmpty();
        assertThat(plaintext.toString()).contains("zk1:2181 (plaintext)");

        assertNamesKey("zookeeper.connect=zk1:2181", "zookeeper.tls=off", "zookeeper.tls must be true or false");
    }

    @Test
    void aBuiltConfigurationWithZooKeeperOverTls_needsTheTlsFiles_orAnExplicitPlaintext() {
        ClientConfig.Builder builder = ClientConfig.builder().zookeeper("zk1:2181", "prod");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tlsFiles", "zookeeperPlaintext()");
        assertThat(builder.zookeeperPlaintext().build().zooKeeperConnection(Duration.ofSeconds(1)))
                .hasValueSatisfying(c -> assertThat(c.tls()).isEmpty());
    }

    @Test
    void whenEveryKeyIsGiven_thenEachIsRead() throws IOException {
        write(
                "cluster.name=prod",
                "zookeeper.connect=zk1:2181",
                "zookeeper.sessionTimeout=6s",
                "client.servers=https://node1:8443, https://node2:8443/",
                "client.writeDeadline=45s",
                "client.requestTimeout=2500ms",
                "client.hedgeDelay=50ms",
                "client.writeHedgeDelay=3s");

        ClientConfig config = ClientConfigFile.load(file);

        assertThat(config.clusterName()).isEqualTo("prod");
        assertThat(config.sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
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
        assertNamesKey("zookeeper.connect=zk:2181", "zookeeper.sessionTimeout=500ms", "zookeeper.sessionTimeout");
        assertNamesKey("zookeeper.connect=zk:2181", "cluster.name=a/b", "cluster.name is not a valid cluster name");
        assertNamesKey("cluster.name=prod", "", "zookeeper.connect is required unless client.servers");
    }

    @Test
    void whenATlsFileIsMissing_thenTheErrorNamesItsKey() throws IOException {
        Files.writeString(file, "client.servers=https://a:1\ntls.keyStore=host.p12\ntls.trustStore=ca.pem\n");
        assertThatThrownBy(() -> ClientConfigFile.load(file))
                .isInstanceOfSatisfying(
                        SsoException.class, e -> assertThat(e.code()).isEqualTo(10500))
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
                        SsoException.class, e -> assertThat(e.code()).isEqualTo(10500))
                .hasMessageContaining(file.toString())
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(List.of(e.getMessage().split("\n"))).hasSize(1));
    }
}
