package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/** The store contract on H2 served over TCP, as several node processes share it in the local cluster. */
class H2TcpServerStoreTest extends AbstractStoreContractTest {
    private Server server;
    private String url;
    private Path dir;

    @Override
    protected StoreConfig startDatabase() throws Exception {
        dir = Files.createTempDirectory("sso-h2-tcp");
        server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists")
                .start();
        url = H2Urls.server("127.0.0.1", server.getPort(), "sso");
        return StoreConfig.builder(url).poolName("h2-tcp").build();
    }

    @Override
    protected void stopDatabase() {
        if (server != null) {
            server.stop();
        }
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void twoNodesSharingTheServer_onlyTheNewestEpochWrites() {
        try (SsoStore node2 =
                SsoStore.open(StoreConfig.builder(url).poolName("h2-tcp-node2").build())) {
            long epoch = store.read((StoreSession s) -> s.globalInfo().get().masterSecretServerEpoch()) + 1;
            store.takeOver(epoch, "node1");
            node2.takeOver(epoch + 1, "node2");
            String fromNode1 = unique("FromNode1");
            String fromNode2 = unique("FromNode2");

            assertThatThrownBy(() -> store.asMasterSecretServer(
                            epoch,
                            Idempotency.NOT_IDEMPOTENT,
                            (StoreSession s) -> s.applications()
                                    .create(new ApplicationSpec(fromNode1, null, null, "u", "a", 0, 1))))
                    .isInstanceOf(SsoException.class)
                    .satisfies(e -> assertThat(((SsoException) e).error()).isEqualTo(SsoError.FENCED));
            node2.asMasterSecretServer(
                    epoch + 1,
                    Idempotency.NOT_IDEMPOTENT,
                    (StoreSession s) ->
                            s.applications().create(new ApplicationSpec(fromNode2, null, null, "u", "a", 0, 1)));
            assertThat(node2.read((StoreSession s) -> s.applications().find(fromNode1)))
                    .isEmpty();
            assertThat(store.read((StoreSession s) -> s.applications().find(fromNode2)))
                    .isPresent();
        }
    }
}
