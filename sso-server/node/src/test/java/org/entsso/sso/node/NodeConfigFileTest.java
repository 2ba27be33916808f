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
import org.entsso.sso.server.LookupSettings;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.transport.TlsSettings;
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
                .hasMessageContaining("[15000]")
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
        props.put("tls.handshakesPerSecondPerSource", "5");
        props.put("tls.handshakeBurstPerSource", "20");
        NodeConfig config = load();
        assertThat(config.handshakeRate()).isEqualTo(new TlsSettings.HandshakeRate(5, 20));
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
    void theHandshakeRateDefaultsTo50PerSecondAnd200AtOnce_andZeroTurnsItOff() throws IOException {
        assertThat(load().handshakeRate()).isEqualTo(TlsSettings.HandshakeRate.DEFAULT);
        props.put("tls.handshakesPerSecondPerSource", "0");
        assertThat(load().handshakeRate().limited()).isFalse();
    }

    @Test
    void aNegativeOrGarbledHandshakeRateIsRefused() {
        props.put("tls.handshakesPerSecondPerSource", "-1");
        assertRefused("tls.handshakesPerSecondPerSource", "must be at least 0, not -1");
        props.put("tls.handshakesPerSecondPerSource", "10");
        props.put("tls.handshakeBurstPerSource", "0");
        assertRefused("tls.handshakeBurstPerSource", "must be at least 1, not 0");
        props.put("tls.handshakeBurstPerSource", "9999999");
        assertRefused("tls.handshakeBurstPerSource", "must be at most 1000000, not 9999999");
    }

    @Test
    void aGarbledOrZeroCredentialCacheBoundIsRefused() {
        props.put("sso.credentialCacheMaxEntries", "100k");
        assertRefused("sso.credentialCacheMaxEntries", "must be a whole number such as 100000, not '100k'");
        props.put("sso.credentialCacheMaxEntries", "0");
        assertRefused("sso.credentialCacheMaxEntries", "must be at least 1, not 0");
    }

    @Test
    void whenTheUrlNamesAnH2Server_thenTheNodeTunnelsOverTlsByDefault_andWarnsOfNothing() throws IOException {
        DatabaseSettings database = load().database();
        assertThat(database.tunnelled()).isTrue();
        assertThat(database.plaintext()).isFalse();
        assertThat(database.plaintextWarning()).isEmpty();
    }

    @Test
    void whenThePlaintextOptOutIsSet_thenTheH2ServerIsReachedDirectly_andTheWarningSaysWhatIsUnprotected()
            throws IOException {
        props.put("database.plaintext", "true");
        DatabaseSettings database = load().database();
        assertThat(database.tunnelled()).isFalse();
        assertThat(database.plaintextWarning())
                .hasValueSatisfying(w -> assertThat(w)
                        .contains("database.plaintext=true")
                        .contains("neither encrypted nor is the server authenticated"));
        props.put("database.plaintext", "yes");
        assertRefused("database.plaintext", "must be true or false, not 'yes'");
    }

    @Test
    void whenTheUrlUsesH2sOwnSslOrSeveralServers_thenItIsRefused() {
        props.put("database.url", "jdbc:h2:ssl://db:9092/sso");
        assertRefused("database.url", "H2's ssl:// mode, which authenticates nobody");
        props.put("database.url", "jdbc:h2:tcp://db1:9092,db2:9092/sso");
        assertRefused("database.url", "names several H2 servers", "the node's TLS tunnel reaches one H2 server");
        props.put("database.url", "jdbc:h2:tcp://db:90x2/sso");
        assertRefused("database.url", "has '90x2' where a port 1-65535 belongs");
    }

    @Test
    void whenASqlServerUrlTurnsEncryptionOrValidationOff_thenItIsRefusedUnlessOptedOut() throws IOException {
        props.put("database.url", "jdbc:sqlserver://ag:1433;databaseName=SSODB;encrypt=false");
        assertRefused("database.url", "has encrypt=false", "set database.plaintext=true to opt out explicitly");
        props.put("database.url", "jdbc:sqlserver://ag;databaseName=SSODB;TrustServerCertificate={true}");
        assertRefused("database.url", "has trustServerCertificate=true");
        props.put("database.url", "jdbc:sqlserver://ag;databaseName=SSODB;encrypt=optional");
        assertRefused("database.url", "has encrypt=optional");

        props.put("database.plaintext", "true");
        assertThat(load().database().plaintextWarning())
                .hasValueSatisfying(w -> assertThat(w).contains("has encrypt=optional: it is not encrypted"));
        props.put("database.url", "jdbc:sqlserver://ag;databaseName=SSODB;encrypt=strict");
        assertThat(load().database().plaintextWarning())
                .hasValueSatisfying(w -> assertThat(w).contains("changes nothing"));
    }

    @Test
    void whenTheSqlServerKeysAreGiven_thenTheUrlCarriesTheAvailabilityGroupSettingsAndEncryptsByDefault()
            throws IOException {
        props.remove("database.url");
        props.put("database.sqlserver.listener", "sql-ag.corp.example:14330");
        props.put("database.sqlserver.database", "SSODB");
        props.put("database.sqlserver.connectRetryCount", "5");
        props.put("database.sqlserver.connectRetryInterval", "15s");
        props.put("database.sqlserver.loginTimeout", "20s");
        props.put("database.sqlserver.hostNameInCertificate", "*.corp.example");
        Files.writeString(dir.resolve("sql-ca.p12"), "x");
        Files.writeString(dir.resolve("sql-ca.pwd"), "x");
        props.put("database.sqlserver.trustStore", "sql-ca.p12");
        props.put("database.sqlserver.trustStorePasswordFile", "sql-ca.pwd");

        DatabaseSettings database = load().database();

        assertThat(database.url())
                .startsWith("jdbc:sqlserver://sql-ag.corp.example:14330;databaseName=SSODB;multiSubnetFailover=true;")
                .contains(";connectRetryCount=5;connectRetryInterval=15;loginTimeout=20;")
                .contains(";encrypt=true;trustServerCertificate=false;hostNameInCertificate=*.corp.example;")
                .contains(";trustStore=" + dir.resolve("sql-ca.p12").toAbsolutePath())
                .doesNotContainIgnoringCase("password");
        assertThat(database.trustStorePasswordFile())
                .contains(dir.resolve("sql-ca.pwd").toAbsolutePath());
        assertThat(database.tunnelled()).isFalse();
        assertThat(database.plaintextWarning()).isEmpty();
    }

    @Test
    void whenTheSqlServerKeysAreIncompleteWrongOrMixedWithAUrl_thenTheKeyAtFaultIsNamed() {
        props.put("database.sqlserver.listener", "ag");
        assertRefused("database.url", "cannot be combined with the database.sqlserver.* keys");
        props.remove("database.url");
        assertRefused("database.sqlserver.database", "is required with database.sqlserver.listener");
        props.remove("database.sqlserver.listener");
        props.put("database.sqlserver.database", "SSODB");
        assertRefused("database.sqlserver.listener", "is required with the other database.sqlserver.* keys");
        props.put("database.sqlserver.listener", "ag:99999");
        assertRefused("database.sqlserver.listener", "must be host or host:port");
        props.put("database.sqlserver.listener", "ag");
        props.put("database.sqlserver.database", "SSODB;encrypt=false");
        assertRefused("database.sqlserver.database", "must not contain ';'");
        props.put("database.sqlserver.database", "SSODB");
        props.put("database.sqlserver.connectRetryInterval", "90s");
        assertRefused("database.sqlserver.connectRetryInterval", "whole seconds from 1s to 60s");
        props.remove("database.sqlserver.connectRetryInterval");
        props.put("database.sqlserver.connectRetryCount", "300");
        assertRefused("database.sqlserver.connectRetryCount", "a whole number 0-255, not '300'");
        props.remove("database.sqlserver.connectRetryCount");
        props.put("database.sqlserver.trustStorePasswordFile", "node.p12.pwd");
        assertRefused("database.sqlserver.trustStorePasswordFile", "needs database.sqlserver.trustStore");
        props.remove("database.sqlserver.trustStorePasswordFile");
        props.put("database.sqlserver.encrypt", "maybe");
        assertRefused("database.sqlserver.encrypt", "must be true, strict or false, not 'maybe'");
        props.remove("database.url");
        props.remove("database.sqlserver.encrypt");
        props.remove("database.sqlserver.listener");
        props.remove("database.sqlserver.database");
        assertRefused("database.url", "is required, or the SQL Server keys database.sqlserver.listener");
    }

    @Test
    void whenTheSqlServerKeysTurnEncryptionOrValidationOff_thenOnlyTheExplicitOptOutAllowsIt() throws IOException {
        props.remove("database.url");
        props.put("database.sqlserver.listener", "ag");
        props.put("database.sqlserver.database", "SSODB");
        props.put("database.sqlserver.encrypt", "false");
        assertRefused("database.sqlserver.encrypt", "leaves the connection unencrypted", "database.plaintext=true");
        props.remove("database.sqlserver.encrypt");
        props.put("database.sqlserver.trustServerCertificate", "true");
        assertRefused("database.sqlserver.trustServerCertificate", "accepts any server certificate");

        props.put("database.plaintext", "true");
        DatabaseSettings database = load().database();
        assertThat(database.url()).contains(";encrypt=true;trustServerCertificate=true;");
        assertThat(database.plaintextWarning())
                .hasValueSatisfying(w -> assertThat(w).contains("the server certificate is not validated"));
    }

    @Test
    void anUnreadableFileIsReportedWithItsPath() {
        assertThatThrownBy(() -> NodeConfigFile.load(dir.resolve("missing.properties")))
                .isInstanceOf(SsoException.class)
                .hasMessageContaining("missing.properties");
    }
}
