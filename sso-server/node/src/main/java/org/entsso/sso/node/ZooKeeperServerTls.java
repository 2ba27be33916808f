package org.entsso.sso.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.zookeeper.client.ConnectStringParser;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.IssuedCertificate;
import org.entsso.sso.crypto.PasswordFiles;

/**
 * The ZooKeeper side of DESIGN.md decision 13: a certificate from the cluster CA for every server of the ensemble and
 * the {@code zoo.cfg} lines that make it serve clients only over TLS with client certificates required, and talk TLS
 * to its quorum peers.
 *
 * <p>{@link #issue} writes, for the i-th server of the nodes' connect string, a folder {@code zk<i>} holding
 * {@code zookeeper.p12} (certificate {@code CN=zk<i>, OU=zookeeper}, subject alternative name the host the nodes dial,
 * so that ZooKeeper's host name verification passes without being relaxed), its owner-only password file, the CA
 * certificate, and {@code zoo-tls.cfg}: the lines to put into that server's {@code zoo.cfg} in place of
 * {@code clientPort}. {@link #zooCfgLines} gives the same lines to {@code ops/sso-cluster}. Stateless; thread-safe.
 */
public final class ZooKeeperServerTls {
    /** The key store in each server's folder. */
    public static final String KEY_STORE = "zookeeper.p12";

    private static final String NETTY_SERVER = "org.apache.zookeeper.server.NettyServerCnxnFactory";

    private ZooKeeperServerTls() {}

    /**
     * Issues a certificate for every server of {@code connectString} into {@code dir/zk<i>/}; returns those folders.
     *
     * @param ca the cluster CA
     * @param caPem the CA certificate file, copied into each folder as the server's trust store
     */
    public static List<Path> issue(ClusterCa ca, Path caPem, String connectString, Path dir) {
        List<InetSocketAddress> servers = new ConnectStringParser(connectString).getServerAddresses();
        List<Path> folders = new ArrayList<>();
        for (int i = 1; i <= servers.size(); i++) {
            InetSocketAddress server = servers.get(i - 1);
            Path folder = dir.resolve("zk" + i);
            try {
                Files.createDirectories(folder);
                Files.copy(caPem, folder.resolve("ca.pem"));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the ZooKeeper server folder " + folder, e);
            }
            IssuedCertificate certificate = ca.issueZooKeeper("zk" + i, server.getHostString());
            Path passwordFile = folder.resolve(KEY_STORE + ".pwd");
            PasswordFiles.generate(passwordFile);
            char[] password = PasswordFiles.read(passwordFile, "password file");
            try {
                certificate.writePkcs12(folder.resolve(KEY_STORE), password);
            } finally {
                Arrays.fill(password, '\0');
            }
            write(folder.resolve("zoo-tls.cfg"), snippet(folder, server.getPort()));
            folders.add(folder);
        }
        return folders;
    }

    /**
     * The {@code zoo.cfg} lines of a server whose files are in {@code folder}: the Netty connection factory (the only
     * one with TLS), the key and trust stores for clients and for quorum peers, client certificates required, TLS 1.3
     * only. The client port itself ({@code secureClientPort}) is the caller's to write; {@code clientPort} must be
     * left out, so no plaintext port is open.
     */
    public static String zooCfgLines(Path folder) {
        Path dir = folder.toAbsolutePath();
        StringBuilder cfg = new StringBuilder();
        cfg.append("serverCnxnFactory=").append(NETTY_SERVER).append('\n');
        stores(cfg, "ssl.", dir);
        cfg.append("ssl.clientAuth=need\n");
        cfg.append("sslQuorum=true\n");
        stores(cfg, "ssl.quorum.", dir);
        cfg.append("ssl.quorum.clientAuth=need\n");
        return cfg.toString();
    }

    private static void stores(StringBuilder cfg, String prefix, Path dir) {
        line(cfg, prefix + "keyStore.location", dir.resolve(KEY_STORE));
        line(cfg, prefix + "keyStore.passwordPath", dir.resolve(KEY_STORE + ".pwd"));
        cfg.append(prefix).append("keyStore.type=PKCS12\n");
        line(cfg, prefix + "trustStore.location", dir.resolve("ca.pem"));
        cfg.append(prefix).append("trustStore.type=PEM\n");
        cfg.append(prefix).append("protocol=TLSv1.3\n");
        cfg.append(prefix).append("enabledProtocols=TLSv1.3\n");
    }

    private static String snippet(Path folder, int port) {
        return "# TLS for this ZooKeeper server (certificate from the cluster CA), written by sso-init.\n"
                + "# Put these lines into its zoo.cfg and remove clientPort: only the TLS port stays open.\n"
                + "secureClientPort=" + port + '\n'
                + zooCfgLines(folder);
    }

    private static void line(StringBuilder cfg, String key, Path value) {
        // zoo.cfg is read as java.util.Properties: a backslash (a Windows path) must be doubled.
        cfg.append(key)
                .append('=')
                .append(value.toString().replace("\\", "\\\\"))
                .append('\n');
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
