package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.entsso.sso.testing.CapturedLog;
import org.entsso.sso.testing.TestPki;
import org.entsso.sso.tls.TlsMaterial;
import org.junit.jupiter.api.Test;

/** How a node's database settings become a connection: the tunnel's loopback URL, or the opt-out's WARN line. */
class DatabaseAccessTest {
    /** No server listens there: the tunnel's check at start fails (logged), which changes nothing asserted here. */
    private static final String H2_SERVER = "jdbc:h2:tcp://127.0.0.1:9/sso;MODE=MSSQLServer";

    private final TlsMaterial node = new TestPki().ssoServer("node1");

    private static DatabaseSettings settings(String url, boolean plaintext) {
        return new DatabaseSettings(url, Optional.empty(), Optional.empty(), Optional.empty(), plaintext);
    }

    @Test
    void whenTheUrlNamesAnH2Server_thenTheDriverIsPointedAtTheTunnelsLoopbackEnd_andNothingIsWarned() {
        try (CapturedLog log = new CapturedLog(DatabaseAccess.class.getName());
                DatabaseAccess access = new DatabaseAccess(settings(H2_SERVER, false), node)) {
            access.start();

            assertThat(access.jdbcUrl())
                    .matches("jdbc:h2:tcp://127\\.0\\.0\\.1:\\d+/sso;MODE=MSSQLServer")
                    .isEqualTo(access.storeConfig().build().jdbcUrl());
            assertThat(log.text()).doesNotContain("database.plaintext");
        }
    }

    @Test
    void whenThePlaintextOptOutIsSet_thenTheUrlIsUsedAsItIs_andOneWarningSaysWhatIsUnprotected() {
        try (CapturedLog log = new CapturedLog(DatabaseAccess.class.getName());
                DatabaseAccess access = new DatabaseAccess(settings(H2_SERVER, true), node)) {
            access.start();

            assertThat(access.jdbcUrl()).isEqualTo(H2_SERVER);
            assertThat(log.text().lines().filter(l -> l.startsWith("WARN")))
                    .singleElement()
                    .asString()
                    .contains("database.plaintext=true")
                    .contains("neither encrypted nor is the server authenticated");
        }
    }

    @Test
    void whenNotStartedOrStartedTwice_thenItSaysSo() {
        DatabaseAccess access = new DatabaseAccess(settings("jdbc:h2:mem:x", false), node);
        assertThatThrownBy(access::storeConfig).isInstanceOf(IllegalStateException.class);
        access.start();
        assertThatThrownBy(access::start).isInstanceOf(IllegalStateException.class);
        access.close();
        access.close();
        assertThat(access.state()).isEqualTo(DatabaseAccess.State.CLOSED);
    }
}
