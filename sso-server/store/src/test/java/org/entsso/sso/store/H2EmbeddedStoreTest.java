package org.entsso.sso.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The store contract on an embedded H2 file database (one process). */
class H2EmbeddedStoreTest extends AbstractStoreContractTest {
    private Path dir;

    @Override
    protected StoreConfig startDatabase() throws Exception {
        dir = Files.createTempDirectory("sso-h2-embedded");
        return StoreConfig.builder(H2Urls.file(dir.resolve("sso")))
                .poolName("h2-embedded")
                .build();
    }

    @Override
    protected void stopDatabase() {
        // Closing the pool closed the database.
        TempDirs.deleteRecursively(dir);
    }

    @Test
    void embeddedStore_runsOnH2() {
        assertThat(store.vendor()).isEqualTo(org.entsso.schema.DatabaseVendor.H2);
    }
}
