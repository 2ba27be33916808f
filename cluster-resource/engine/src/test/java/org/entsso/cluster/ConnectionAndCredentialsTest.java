package org.entsso.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of {@link ClusterConnection} and {@link ZkCredentials}; credentials never print their password. */
class ConnectionAndCredentialsTest {

    private static final String SECRET = "s3cr3t-Pa55";

    @Test
    void credentialsToStringShowsTheUserButNeverThePassword() {
        ZkCredentials creds = new ZkCredentials("entsso", SECRET);
        assertThat(creds.toString()).contains("entsso").contains("***").doesNotContain(SECRET);
    }

    @Test
    void connectionToStringNeverShowsTheCredentialsPassword() {
        ClusterConnection c = ClusterConnection.of("zk1:2181").withCredentials(new ZkCredentials("entsso", SECRET));
        assertThat(c.toString()).contains("entsso").doesNotContain(SECRET);
    }

    @Test
    void parseSplitsAtTheFirstColonSoPasswordsMayContainColons() {
        ZkCredentials creds = ZkCredentials.parse("entsso:pa:ss");
        assertThat(creds.user()).isEqualTo("entsso");
        assertThat(creds.password()).isEqualTo("pa:ss");
    }

    @Test
    void parseStripsTrailingWhitespaceSuchAsANewlineFromAFile() {
        assertThat(ZkCredentials.parse("entsso:" + SECRET + "\n").password()).isEqualTo(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"entsso", ":" + SECRET, ""})
    void whenCredentialsHaveNoUserOrNoColon_thenRefusedWithoutEchoingThem(String text) {
        assertThatThrownBy(() -> ZkCredentials.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ZooKeeper credentials must look like user:password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"entsso:", "entsso:   \n"})
    void whenPasswordIsEmpty_thenRefused(String text) {
        assertThatThrownBy(() -> ZkCredentials.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The ZooKeeper password must not be empty");
    }

    @Test
    void whenUserIsBlankOrHasAColon_thenRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> new ZkCredentials(" ", SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> new ZkCredentials("a:b", SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contain no ':'")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void whenUserOrPasswordIsNull_thenRefused() {
        assertThatThrownBy(() -> new ZkCredentials(null, SECRET)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ZkCredentials("u", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void connectionDefaultsAreCluster1FourSecondSessionsAndNoCredentials() {
        ClusterConnection c = ClusterConnection.of("zk1:2181,zk2:2181");
        assertThat(c.connectString()).isEqualTo("zk1:2181,zk2:2181");
        assertThat(c.clusterName()).isEqualTo("cluster1");
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.credentials()).isEmpty();
        assertThat(c.tls()).isEmpty();
    }

    @Test
    void tlsFiles_areAbsolute_surviveEveryCopy_andPrintNoPassword() {
        ZkTls tls = ZkTls.of(Path.of("admin.p12"), Path.of("admin.p12.pwd"), Path.of("ca.pem"));
        ClusterConnection c = ClusterConnection.of("zk:2181")
                .withTls(tls)
                .withClusterName("prod")
                .withSessionTimeout(Duration.ofSeconds(6))
                .withCredentials(new ZkCredentials("u", SECRET));

        assertThat(c.tls()).contains(tls);
        assertThat(tls.keyStore()).isEqualTo(Path.of("admin.p12").toAbsolutePath());
        assertThat(tls.keyStoreType()).isEqualTo(ZkTls.StoreType.PKCS12);
        assertThat(tls.trustStoreType()).isEqualTo(ZkTls.StoreType.PEM);
        assertThat(c.toString()).contains("admin.p12.pwd", "ca.pem").doesNotContain(SECRET);
    }

    @Test
    void copiesChangeOnlyTheirField() {
        ClusterConnection base = ClusterConnection.of("zk:2181");
        ClusterConnection c = base.withClusterName("prod-1.eu_west")
                .withSessionTimeout(Duration.ofSeconds(10))
                .withCredentials(new ZkCredentials("u", "p"));
        assertThat(c.clusterName()).isEqualTo("prod-1.eu_west");
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.credentials()).contains(new ZkCredentials("u", "p"));
        assertThat(c.connectString()).isEqualTo("zk:2181");
        assertThat(base.clusterName()).isEqualTo("cluster1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void whenClusterNameIsBlank_thenTheDefaultIsUsed(String name) {
        assertThat(ClusterConnection.of("zk:2181").withClusterName(name).clusterName())
                .isEqualTo("cluster1");
    }

    @Test
    void nullOptionalCredentialsMeanNone() {
        assertThat(new ClusterConnection("zk:2181", "c", null, null, null).credentials())
                .isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "a b", "ünï", "x:y", "/"})
    void whenClusterNameHasOtherCharacters_thenRefused(String name) {
        assertThatThrownBy(() -> ClusterConnection.of("zk:2181").withClusterName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void whenClusterNameIsARelativePathElement_thenRefused(String name) {
        assertThatThrownBy(() -> ClusterConnection.of("zk:2181").withClusterName(name))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void whenConnectStringIsBlank_thenRefused(String connect) {
        assertThatThrownBy(() -> ClusterConnection.of(connect))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connect string is empty");
    }

    @Test
    void whenConnectStringIsNull_thenRefused() {
        assertThatThrownBy(() -> ClusterConnection.of(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("connectString");
    }

    @Test
    void whenSessionTimeoutIsUnderOneSecond_thenRefused() {
        ClusterConnection c = ClusterConnection.of("zk:2181");
        assertThatThrownBy(() -> c.withSessionTimeout(Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 s");
        assertThat(c.withSessionTimeout(Duration.ofSeconds(1)).sessionTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1000})
    void whenConnectionTimeoutIsNotPositive_thenRefused(long millis) {
        assertThatThrownBy(() -> new ClusterConnection(
                        "zk:2181", "c", Duration.ofSeconds(4), Duration.ofMillis(millis), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
