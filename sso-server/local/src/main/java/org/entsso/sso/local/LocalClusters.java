package org.entsso.sso.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Local clusters for drills and multi-process tests: a free port block, small node heaps, 4 s sessions. */
public final class LocalClusters {
    /** The SSO administrator a local cluster is initialised with. */
    public static final String ADMIN = "LOCAL\\ssoadmin";

    private LocalClusters() {}

    /** Initialises and starts a three-node local cluster under {@code dir}. */
    public static LocalCluster start(Path dir) {
        LocalCluster cluster = new LocalCluster(new LocalCluster.Options(
                dir, freeBlock(), 3, Duration.ofSeconds(4), List.of("-Xmx192m", "-XX:+UseSerialGC")));
        try {
            cluster.up();
        } catch (RuntimeException e) {
            cluster.down();
            throw e;
        }
        return cluster;
    }

    /** A file of the administrator's folder (admin.p12, admin.p12.pwd, ca.pem, client.properties). */
    public static Path adminFile(LocalCluster cluster, String name) {
        return cluster.clusterDir().resolve("admin").resolve(name);
    }

    /** A base port whose block of 60 ports above it is free now. */
    public static int freeBlock() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 30000);
            if (allFree(base)) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of 60 ports between 20000 and 30060");
    }

    private static boolean allFree(int base) {
        for (int p = base + 1; p <= base + 60; p++) {
            try (ServerSocket s = new ServerSocket(p)) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
