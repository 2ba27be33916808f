package org.entsso.sso.store;

import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.tools.Server;

/** The store contract on H2 served over TCP, as several node processes share it in the local cluster. */
class H2TcpServerStoreTest extends AbstractStoreContractTest {
    private Server server;

    @Override
    protected StoreConfig startDatabase() throws Exception {
        Path dir = Files.createTempDirectory("sso-h2-tcp");
        server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists")
                .start();
        return StoreConfig.builder(H2Urls.server("127.0.0.1", server.getPort(), "sso"))
                .poolName("h2-tcp")
                .build();
    }

    @Override
    protected void stopDatabase() {
        if (server != null) {
            server.stop();
        }
    }
}
