package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.zookeeper.data.Stat;
import org.entsso.sso.server.CacheChange;
import org.entsso.sso.store.PurgeStep;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: what a purge znode event tells a receiver. The account is trusted only when the event is the very next
 * version of the znode; otherwise a change in between was missed, whose account nobody can know, so the whole
 * application goes. Data in another format (an older node wrote just the name) also drops the whole application.
 */
class PurgeSignalFormatTest {
    private static final String APP = "Payroll";
    private static final String PATH = PurgeChannel.path(APP);
    private static final PurgeStep STEP = new PurgeStep(UUID.randomUUID(), UUID.randomUUID());

    private static ChildData znode(int version, byte[] data) {
        Stat stat = new Stat();
        stat.setVersion(version);
        return new ChildData(PATH, stat, data);
    }

    private static byte[] alice() {
        return PurgeChannel.encode(CacheChange.ofAccount(APP, "LOCAL\\alice", Optional.of(STEP)));
    }

    @Test
    void theNextVersion_namesItsAccountAndStep() {
        assertThat(PurgeChannel.decode(APP, znode(4, new byte[0]), znode(5, alice())))
                .isEqualTo(CacheChange.ofAccount(APP, "LOCAL\\alice", Optional.of(STEP)));
        assertThat(PurgeChannel.decode(APP, null, znode(0, alice())))
                .as("the first signal ever, seen created")
                .isEqualTo(CacheChange.ofAccount(APP, "LOCAL\\alice", Optional.of(STEP)));
    }

    @Test
    void aSkippedVersion_dropsTheWholeApplication_butKeepsTheLatestStep() {
        assertThat(PurgeChannel.decode(APP, znode(4, new byte[0]), znode(6, alice())))
                .isEqualTo(CacheChange.ofApplication(APP, Optional.of(STEP)));
        assertThat(PurgeChannel.decode(APP, null, znode(7, alice())))
                .as("first seen long after it was created (a server starting, a new session)")
                .isEqualTo(CacheChange.ofApplication(APP, Optional.of(STEP)));
    }

    @Test
    void aWholeApplicationChange_aDeletion_andUnreadableData_dropTheWholeApplication() {
        byte[] disabled = PurgeChannel.encode(CacheChange.ofApplication(APP, Optional.of(STEP)));
        assertThat(PurgeChannel.decode(APP, znode(1, new byte[0]), znode(2, disabled)))
                .isEqualTo(CacheChange.ofApplication(APP, Optional.of(STEP)));
        assertThat(PurgeChannel.decode(APP, znode(2, alice()), null))
                .isEqualTo(CacheChange.ofApplication(APP, Optional.empty()));
        assertThat(PurgeChannel.decode(APP, znode(2, alice()), znode(3, APP.getBytes(StandardCharsets.UTF_8))))
                .as("an older node's signal: just the name")
                .isEqualTo(CacheChange.ofApplication(APP, Optional.empty()));
        assertThat(PurgeChannel.decode(
                        APP,
                        znode(2, alice()),
                        znode(3, "entsso-purge/1\nLOCAL\\bob\nnot a step".getBytes(StandardCharsets.UTF_8))))
                .as("a step it cannot read is no step")
                .isEqualTo(CacheChange.ofAccount(APP, "LOCAL\\bob", Optional.empty()));
    }

    @Test
    void aReplayedWrite_signalsItsAccountWithoutAStep() {
        byte[] replay = PurgeChannel.encode(CacheChange.ofAccount(APP, "LOCAL\\alice", Optional.empty()));
        assertThat(PurgeChannel.decode(APP, znode(0, new byte[0]), znode(1, replay)))
                .isEqualTo(CacheChange.ofAccount(APP, "LOCAL\\alice", Optional.empty()));
    }
}
