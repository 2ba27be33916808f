package org.entsso.sso.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.node.ZooKeeperServerTls;

/**
 * The local cluster's ZooKeeper ensemble: three real {@code QuorumPeerMain} processes on 127.0.0.1 (tickTime 500 ms),
 * serving clients over TLS only, client certificates required, and talking TLS to each other (DESIGN.md decision 13).
 * Their certificates come from the cluster CA ({@link ZooKeeperServerTls}, under the cluster folder's
 * {@code zookeeper/}); {@code zoo.cfg} has a {@code secureClientPort} and no {@code clientPort}, so no plaintext port is
 * open. The whitelisted four-letter words ({@code ruok}, {@code srvr}) answer on the TLS port to a client with a
 * certificate. Not thread-safe.
 *
 * <p>Ports from the base port b: clients b+1..b+3, quorum b+11.., leader election b+21...
 */
final class LocalEnsemble {
    static final int SERVERS = 3;

    private final Path dir;
    private final Path certificates;
    private final int basePort;
    private final LocalProcesses processes;

    /**
     * @param dir where each server's data, zoo.cfg and output go ({@code dir/zk<i>/})
     * @param certificates the folder of the servers' certificate folders ({@code zk<i>/})
     */
    LocalEnsemble(Path dir, Path certificates, int basePort, LocalProcesses processes) {
        this.dir = dir;
        this.certificates = certificates;
        this.basePort = basePort;
        this.processes = processes;
    }

    /** The connect string, {@code 127.0.0.1:b+1,...}. */
    String connectString() {
        List<String> servers = new ArrayList<>();
        for (int i = 1; i <= SERVERS; i++) {
            servers.add("127.0.0.1:" + (basePort + i));
        }
        return String.join(",", servers);
    }

    /**
     * Issues the servers' certificates with the CA in {@code caDir} if a cluster folder written before ZooKeeper had TLS
     * lacks them. Nothing happens when they exist.
     */
    void ensureCertificates(Path caDir) {
        if (Files.exists(certificates)) {
            return;
        }
        char[] password = PasswordFiles.read(caDir.resolve("ca.p12.pwd"), "cluster CA password file");
        try {
            ClusterCa ca = ClusterCa.loadPkcs12(caDir.resolve("ca.p12"), password, Clock.systemUTC());
            ZooKeeperServerTls.issue(ca, caDir.resolve("ca.pem"), connectString(), certificates);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Starts the servers that are not running. */
    void start() {
        for (int i = 1; i <= SERVERS; i++) {
            start(i);
        }
    }

    /** Stops the servers, last first. */
    void stop() {
        for (int i = SERVERS; i >= 1; i--) {
            processes.stop("zk" + i, Duration.ofSeconds(10));
        }
    }

    private void start(int id) {
        String name = "zk" + id;
        if (processes.find(name).isPresent()) {
            return;
        }
        Path zkDir = dir.resolve(name);
        Path data = zkDir.resolve("data");
        write(data.resolve("myid"), Integer.toString(id));
        Path cfgFile = zkDir.resolve("zoo.cfg");
        write(cfgFile, zooCfg(id, basePort, data, certificates.resolve(name)));
        processes.start(
                name,
                zkDir.resolve("zk.out"),
                List.of(
                        "-Xmx128m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-Dzookeeper.jmx.log4j.disable=true"),
                "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                List.of(cfgFile.toString()));
    }

    /** The zoo.cfg of server {@code id}: TLS-only client port, quorum TLS, certificates in {@code tls}. */
    static String zooCfg(int id, int basePort, Path data, Path tls) {
        StringBuilder cfg = new StringBuilder();
        cfg.append("tickTime=500\ninitLimit=20\nsyncLimit=10\n");
        cfg.append("dataDir=").append(data).append('\n');
        cfg.append("secureClientPort=").append(basePort + id).append('\n');
        cfg.append("secureClientPortAddress=127.0.0.1\n");
        cfg.append("admin.enableServer=false\n4lw.commands.whitelist=ruok,srvr\n");
        cfg.append(ZooKeeperServerTls.zooCfgLines(tls));
        for (int i = 1; i <= SERVERS; i++) {
            cfg.append("server.")
                    .append(i)
                    .append("=127.0.0.1:")
                    .append(basePort + 10 + i)
                    .append(':')
                    .append(basePort + 20 + i)
                    .append('\n');
        }
        return cfg.toString();
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
