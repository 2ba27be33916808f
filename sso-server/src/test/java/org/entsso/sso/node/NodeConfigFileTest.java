package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.NodeRole;
import org.entsso.sso.server.LookupSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigFileTest {
    @TempDir
    Path dir;

    private final Map<String, String> props = new LinkedHashMap<>();

    @BeforeEach
    void validConfiguration() throws IOException {
        for (String f : List.of("node.p12", "node.p12.pwd", "ca.pem", "secret.pwd", "zk-auth")) {
            Files.writeString(dir.resolve(f), "x");
        }
        props.put("node.name", "node1");
        props.put("zookeeper.connect", "127.0.0.1:2181");
        props.put("database.url", "jdbc:h2:tcp://127.0.0.1:9092/sso");
        props.put("api.port", "8443");
        props.put("mss.port", "8444");
        props.put("tls.keyStore", "node.p12");
        props.put("tls.keyStorePasswordFile", "node.p12.pwd");
        props.put("tls.trustStore", "ca.pem");
        props.put("secretStore.path", "secret.bcfks");
        props.put("secretStore.passwordFile", "secret.pwd");
    }

    private NodeConfig load() throws IOException {
        Path file = dir.resolve("node.properties");
        Files.writeString(
                file,
                props.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n")));
        return NodeConfigFile.load(file);
    }

    private void assertRefused(String key, String... fragments) {
        assertThatThrownBy(this::load)
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("[10500]")
                .hasMessageContaining("node.properties: " + key)
                .hasMessageContainingAll(fragments);
    }

    @Test
    void aMinimalFileGetsTheDocumentedDefaultsAndPathsRelativeToItsFolder() throws IOException {
        NodeConfig config = load();
        assertThat(config.nodeName()).isEqualTo("node1");
        assertThat(config.nodeHost()).isEqualTo("127.0.0.1");
        assertThat(config.roles()).isEqualTo(Set.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER));
        assertThat(config.clusterName()).isEqualTo("cluster1");
        assertThat(config.sessionTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.tlsKeyStore()).isEqualTo(dir.resolve("node.p12").toAbsolutePath());
        assertThat(config.secretStore()).contains(dir.resolve("secret.bcfks").toAbsolutePath());
        assertThat(config.logDirectory()).isEqualTo(dir.resolve("logs").toAbsolutePath());
        assertThat(config.networkName()).isEqualTo("ENTSSO");
        assertThat(config.mayOwnMasterSecret()).isTrue();
        assertThat(config.lookups()).isEqualTo(LookupSettings.defaults());
        assertThat(config.zooKeeperTls()).isTrue();
    }

    @Test
    void zooKeeperOverTlsIsTheDefault_plaintextIsAnExplicitFalse_andAnythingElseIsRefused() throws IOException {
        props.put("zookeeper.tls", "FALSE");
        assertThat(load().zooKeeperTls()).isFalse();
        props.put("zookeeper.tls", "true");
        assertThat(load().zooKeeperTls()).isTrue();

        props.put("zookeeper.tls", "no");
        assertRefused("zookeeper.tls", "must be true or false", "'no'");
    }

    @Test
    void everyOptionalKeyIsRead() throws IOException {
        props.put("node.roles", "sso-server");
        props.put("zookeeper.sessionTimeout", "10s");
        props.put("zookeeper.authFile", "zk-auth");
        props.put("entsso.preferredOwners", "node2, node1");
        props.put("entsso.networkName", "SSOCLUSTER");
        props.put("sso.credentialCacheMaxEntries", "5000");
        props.put("metrics.port", "9464");
        props.put("metrics.host", "0.0.0.0");
        NodeConfig config = load();
        assertThat(config.metricsPort()).contains(9464);
        assertThat(config.metricsHost()).isEqualTo("0.0.0.0");
        assertThat(config.lookups().credentialCacheMaxEntries()).isEqualTo(5000);
        assertThat(config.mayOwnMasterSecret()).isFalse();
        assertThat(config.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.zooKeeperAuthFile()).contains(dir.resolve("zk-auth").toAbsolutePath());
        assertThat(config.preferredOwners()).containsExactly("node2", "node1");
        assertThat(config.networkName()).isEqualTo("SSOCLUSTER");
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        props.remove("zookeeper.connect");
        assertRefused("zookeeper.connect", "is required");
    }

    @Test
    void anUnknownKeyIsRefusedRatherThanIgnored() {
        props.put("api.prot", "8443");
        assertRefused("api.prot", "is not a known key", "api.port");
    }

    @Test
    void withoutAMetricsPortThereIsNoMetricsEndpoint_andABadOneIsRefused() throws IOException {
        assertThat(load().metricsPort()).isEmpty();
        assertThat(load().metricsHost()).isEqualTo("127.0.0.1");
        props.put("metrics.port", "99999");
        assertRefused("metrics.port", "must be a port 1-65535, not '99999'");
    }

    @Test
    void badPortsAreRefused() {
        props.put("api.port", "84x3");
        assertRefused("api.port", "must be a port 1-65535, not '84x3'");
        props.put("api.port", "8444");
        assertRefused("mss.port", "must differ from api.port");
    }

    @Test
    void aPasswordInTheDatabaseUrlIsRefused() {
        props.put("database.url", "jdbc:sqlserver://db;user=sso;password=hunter2");
        assertThatThrownBy(this::load)
                .hasMessageContaining("must not contain a password")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aNodeThatIsNotAnSsoServerIsRefused() {
        props.put("node.roles", "master-secret-server");
        assertRefused("node.roles", "must include sso-server");
        props.put("node.roles", "sso-server,backup-server");
        assertRefused("node.roles", "'backup-server' is not a role");
    }

    @Test
    void aMasterSecretServerNeedsItsSecretStorePasswordFile() throws IOException {
        Files.delete(dir.resolve("secret.pwd"));
        assertRefused("secretStore.passwordFile", "does not exist");
        props.put("node.roles", "sso-server");
        props.remove("secretStore.path");
        props.remove("secretStore.passwordFile");
        assertThat(load().secretStore()).isEmpty();
    }

    @Test
    void aShortOrGarbledSessionTimeoutIsRefused() {
        props.put("zookeeper.sessionTimeout", "500ms");
        assertRefused("zookeeper.sessionTimeout", "at least 1s");
        props.put("zookeeper.sessionTimeout", "soon");
        assertRefused("zookeeper.sessionTimeout", "must be a duration");
    }

    @Test
    void aGarbledOrZeroCredentialCacheBoundIsRefused() {
        props.put("sso.credentialCacheMaxEntries", "100k");
        assertRefused("sso.credentialCacheMaxEntries", "must be a whole number such as 100000, not '100k'");
        props.put("sso.credentialCacheMaxEntries", "0");
        assertRefused("sso.credentialCacheMaxEntries", "must be at least 1, not 0");
    }

    @Test
    void anUnreadableFileIsReportedWithItsPath() {
        assertThatThrownBy(() -> NodeConfigFile.load(dir.resolve("missing.properties")))
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("missing.properties");
    }
}
