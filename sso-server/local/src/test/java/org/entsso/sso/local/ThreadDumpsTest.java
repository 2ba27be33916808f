package org.entsso.sso.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadDumpsTest {
    private static final String DUMP = """
            2026-12-04 22:13:40
            Full thread dump OpenJDK 64-Bit Server VM (17.0.16+8 mixed mode, sharing):

            "writes-1" #71 prio=5 os_prio=0 cpu=10ms elapsed=300s tid=0x1 nid=0x2 waiting on condition
               java.lang.Thread.State: TIMED_WAITING (parking)
            \tat jdk.internal.misc.Unsafe.park(java.base@17/Native Method)
            \tat java.util.concurrent.CompletableFuture.timedGet(java.base@17/CompletableFuture.java:1939)
            \tat org.entsso.sso.mss.FencedWrites.joined(FencedWrites.java:329)
            \tat org.entsso.sso.mss.FencedWrites.write(FencedWrites.java:280)

            "writes-2" #72 prio=5 os_prio=0 cpu=10ms elapsed=300s tid=0x1 nid=0x3 waiting on condition
               java.lang.Thread.State: TIMED_WAITING (parking)
            \tat jdk.internal.misc.Unsafe.park(java.base@17/Native Method)
            \tat java.util.concurrent.CompletableFuture.timedGet(java.base@17/CompletableFuture.java:1939)
            \tat org.entsso.sso.mss.FencedWrites.joined(FencedWrites.java:329)

            "writes-3" #73 prio=5 os_prio=0 cpu=10ms elapsed=300s tid=0x1 nid=0x4 runnable
               java.lang.Thread.State: RUNNABLE
            \tat java.net.SocketInputStream.socketRead0(java.base@17/Native Method)
            \tat org.h2.value.Transfer.readInt(Transfer.java:164)
            \tat org.entsso.sso.store.internal.TransactionRunner.attempt(TransactionRunner.java:120)

            "requests-4" #74 prio=5 os_prio=0 cpu=10ms elapsed=300s tid=0x1 nid=0x5 waiting on condition
               java.lang.Thread.State: WAITING (parking)
            \tat jdk.internal.misc.Unsafe.park(java.base@17/Native Method)
            \tat java.util.concurrent.ThreadPoolExecutor.getTask(java.base@17/ThreadPoolExecutor.java:1062)
            \tat org.entsso.sso.transport.Something.run(Something.java:1)

            "H2 TCP Server (tcp://127.0.0.1:9092) thread-3" #20 daemon prio=5 os_prio=0 tid=0x1 nid=0x6 waiting for monitor entry
               java.lang.Thread.State: BLOCKED (on object monitor)
            \tat org.h2.mvstore.tx.Transaction.waitFor(Transaction.java:684)
            \tat org.h2.command.dml.Update.update(Update.java:142)
            """;

    @Test
    void groupsBusyThreadsByTheirFirstFrameInOurCodeOrTheDatabases() {
        assertThat(ThreadDumps.summarize(DUMP))
                .containsExactly(
                        "2 x org.entsso.sso.mss.FencedWrites.joined(FencedWrites.java:329) (TIMED_WAITING) in writes-1,"
                                + " writes-2",
                        "1 x org.entsso.sso.store.internal.TransactionRunner.attempt(TransactionRunner.java:120)"
                                + " (RUNNABLE) in writes-3",
                        "1 x org.h2.mvstore.tx.Transaction.waitFor(Transaction.java:684) (BLOCKED) in H2 TCP Server"
                                + " (tcp://127.0.0.1:9092) thread-3");
    }
}
