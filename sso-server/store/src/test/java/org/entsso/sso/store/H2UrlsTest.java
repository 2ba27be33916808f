package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading and rewriting the server of an H2 TCP URL, as the node's TLS tunnel does. */
class H2UrlsTest {
    @Test
    void whenAServerUrlIsRead_thenHostAndPortComeOut_withH2sDefaultPortWhenNoneIsNamed() {
        assertThat(H2Urls.tcpServer(H2Urls.server("db.example", 9093, "sso")))
                .isEqualTo(new H2Urls.TcpServer("db.example", 9093));
        assertThat(H2Urls.tcpServer("jdbc:h2:tcp://db.example/sso"))
                .isEqualTo(new H2Urls.TcpServer("db.example", 9092));
        assertThat(H2Urls.tcpServer("JDBC:H2:TCP://[fd00::7]:9093/sso;MODE=MSSQLServer"))
                .isEqualTo(new H2Urls.TcpServer("fd00::7", 9093));
    }

    @Test
    void whenTheServerIsReplaced_thenTheDatabaseAndEverySettingStay() {
        String url = H2Urls.server("db.example", 9093, "sso");
        assertThat(H2Urls.withServer(url, "127.0.0.1", 40001))
                .isEqualTo("jdbc:h2:tcp://127.0.0.1:40001/sso;" + H2Urls.SETTINGS);
        assertThat(H2Urls.withServer("jdbc:h2:tcp://[fd00::7]:9093/sso;X=1", "::1", 5))
                .isEqualTo("jdbc:h2:tcp://[::1]:5/sso;X=1");
    }

    @Test
    void whenTheUrlNamesSeveralServersNoDatabaseOrABadPort_thenItIsRefusedInWords() {
        assertThatThrownBy(() -> H2Urls.tcpServer("jdbc:h2:tcp://a:1,b:2/sso")).hasMessageContaining("several");
        assertThatThrownBy(() -> H2Urls.tcpServer("jdbc:h2:tcp://a:1")).hasMessageContaining("names no database");
        assertThatThrownBy(() -> H2Urls.tcpServer("jdbc:h2:tcp://a:0/sso")).hasMessageContaining("'0'");
        assertThatThrownBy(() -> H2Urls.tcpServer("jdbc:h2:file:/x")).hasMessageContaining("not a jdbc:h2:tcp://");
        assertThat(H2Urls.isH2Ssl("jdbc:h2:SSL://db/sso")).isTrue();
    }
}
