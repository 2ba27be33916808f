package org.entsso.sso.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.BackupFile;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.ClusterPki;
import org.entsso.sso.crypto.IssuedCertificate;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.NodeSecretStore;
import org.entsso.sso.store.H2Urls;
import org.entsso.sso.store.SqlServerUrls;
import org.entsso.sso.tls.NodeRole;
import org.entsso.sso.tls.TlsMaterial;

/**
 * Initialises a new cluster in one folder: the cluster CA, a certificate and {@code node.properties} per node, the
 * first master secret in every master-secret-server node's secret store, its password-protected backup file, the
 * first SSO administrator's certificate and client configuration, a certificate for every ZooKeeper server (nodes and
 * administrators reach ZooKeeper over TLS by default, DESIGN.md decision 13), and the SSO database (schema, current
 * MSID, the administrator in the SSO Administrators group). What ENTSSO's configuration wizard does on the first server.
 *
 * <p>Disaster recovery ({@link Plan#restoreSecret}): the same folder for a database that survived the cluster, with
 * the keyring of the lost cluster's backup file in every secret store instead of a new secret, so the values already
 * in the database decrypt; the database's recorded master secret server term is forgotten, since the new ensemble
 * counts its epochs from 1 (anchors/entsso.md §5, "new master secret server, then -restoresecret").
 *
 * <p>Layout under {@code dir}: {@code ca/} (ca.p12 and its password file, ca.pem), {@code <node>/} (node.properties,
 * node.p12 + password file, ca.pem, secret.bcfks + password file, logs/), {@code admin/} (admin.p12 + password file,
 * ca.pem, client.properties), {@code zookeeper/zk<i>/} (see {@link ZooKeeperServerTls}; not with a plaintext
 * ensemble), {@code backup/} (the backup file) and, for an H2 server that nodes reach over TLS, {@code database/}
 * (database.p12 + password file, ca.pem: {@link ClusterPki#issueDatabaseServer}). Every key and password file is
 * owner-only. The folder must not exist yet or be empty, or hold only what {@link ClusterPki} wrote: initialising
 * twice would make a second, unrelated secret.
 *
 * <p>An H2 server reached over TLS needs its certificate before the database can be prepared, so such a cluster is
 * initialised in two steps: {@link ClusterPki#createCa} and {@link ClusterPki#issueDatabaseServer}, then the H2
 * server is started with that certificate, then {@link #run} (which reuses the CA) prepares the database through a
 * TLS tunnel, presenting the first SSO administrator's certificate.
 */
public final class ClusterInit {
    private static final Logger LOG = LogManager.getLogger(ClusterInit.class);

    /** One node to create: ports of its API and of its Master Secret Service. */
    public record NodePlan(String name, String host, int apiPort, int mssPort, Set<NodeRole> roles) {
        public NodePlan {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            roles = Set.copyOf(roles);
        }
    }

    /**
     * What to create.
     *
     * @param dir the folder to write into (created; must be empty)
     * @param clusterName the cluster's name (CA subject O, ZooKeeper root)
     * @param zooKeeper the ZooKeeper connect string the nodes use
     * @param sessionTimeout the session timeout written to node.properties, e.g. {@code 4s}
     * @param databaseUrl the SSO database's JDBC URL (reachable now: the schema is created)
     * @param nodes the nodes
     * @param administrator the first SSO administrator's principal, {@code DOMAIN\\user}
     * @param backupPassword the backup file's password (at least 12 characters); zeroed by the caller
     * @param reminder the backup password reminder (not secret)
     * @param databaseUser the database login, or null for the driver's default ({@code sa} with an empty password)
     * @param databasePasswordFile an owner-only file with {@code databaseUser}'s password, or null for none; used now
     *     and written to every node.properties ({@code database.passwordFile}) as an absolute path
     * @param zooKeeperTls whether the nodes and the administrator reach ZooKeeper over TLS (the default; then every
     *     server of {@code zooKeeper} gets a certificate); false writes {@code zookeeper.tls=false}, the explicit opt-out
     * @param databasePlaintext the explicit opt-out ({@code database.plaintext=true} in every node.properties): an
     *     H2 server is reached without the TLS tunnel, a SQL Server URL may turn encryption or validation off
     * @param restoreSecret disaster recovery: a backup file of the SSO system whose database {@code databaseUrl} holds,
     *     opened with {@code backupPassword}; its keyring becomes the nodes' secret instead of a new one, and no new
     *     backup is written. Null for a new cluster
     */
    public record Plan(
            Path dir,
            String clusterName,
            String zooKeeper,
            String sessionTimeout,
            String databaseUrl,
            List<NodePlan> nodes,
            String administrator,
            char[] backupPassword,
            String reminder,
            String databaseUser,
            Path databasePasswordFile,
            boolean zooKeeperTls,
            boolean databasePlaintext,
            Path restoreSecret) {
        public Plan {
            nodes = List.copyOf(nodes);
            if (nodes.isEmpty()) {
                throw new SsoException(SsoError.INVALID_ARGUMENT, "A cluster needs at least one node.");
            }
            if (databasePasswordFile != null && databaseUser == null) {
                throw new SsoException(
                        SsoError.INVALID_ARGUMENT, "A database password file needs the database user it belongs to.");
            }
            databasePasswordFile = databasePasswordFile == null ? null : databasePasswordFile.toAbsolutePath();
            restoreSecret = restoreSecret == null ? null : restoreSecret.toAbsolutePath();
            Objects.requireNonNull(databaseUrl, "databaseUrl");
            if (H2Urls.isH2Ssl(databaseUrl)) {
                throw new SsoException(
                        SsoError.INVALID_ARGUMENT,
                        "H2's ssl:// mode authenticates nobody; give a jdbc:h2:tcp:// URL, which nodes reach through"
                                + " their TLS tunnel.");
            }
            List<String> unprotected =
                    SqlServerUrls.isSqlServer(databaseUrl) ? SqlServerUrls.unprotectedSettings(databaseUrl) : List.of();
            if (!unprotected.isEmpty() && !databasePlaintext) {
                throw new SsoException(
                        SsoError.INVALID_ARGUMENT,
                        "The database URL has " + String.join(" and ", unprotected) + ", which leaves the SQL Server"
                                + " connection unencrypted or unauthenticated: remove it, or opt out explicitly"
                                + " (--database-plaintext).");
            }
        }

        /** A plan for a new cluster (a new first secret). */
        public Plan(
                Path dir,
                String clusterName,
                String zooKeeper,
                String sessionTimeout,
                String databaseUrl,
                List<NodePlan> nodes,
                String administrator,
                char[] backupPassword,
                String reminder,
                String databaseUser,
                Path databasePasswordFile,
                boolean zooKeeperTls,
                boolean databasePlaintext) {
            this(
                    dir,
                    clusterName,
                    zooKeeper,
                    sessionTimeout,
                    databaseUrl,
                    nodes,
                    administrator,
                    backupPassword,
                    reminder,
                    databaseUser,
                    databasePasswordFile,
                    zooKeeperTls,
                    databasePlaintext,
                    null);
        }

        /** A plan whose database takes the driver's default login (no user, no password file). */
        public Plan(
                Path dir,
                String clusterName,
                String zooKeeper,
                String sessionTimeout,
                String databaseUrl,
                List<NodePlan> nodes,
                String administrator,
                char[] backupPassword,
                String reminder) {
            this(
                    dir,
                    clusterName,
                    zooKeeper,
                    sessionTimeout,
                    databaseUrl,
                    nodes,
                    administrator,
                    backupPassword,
                    reminder,
                    null,
                    null,
                    true,
                    false);
        }

        /** This plan for an ensemble without TLS: the nodes and the administrator talk plaintext to it. */
        public Plan withPlaintextZooKeeper() {
            return new Plan(
                    dir,
                    clusterName,
                    zooKeeper,
                    sessionTimeout,
                    databaseUrl,
                    nodes,
                    administrator,
                    backupPassword,
                    reminder,
                    databaseUser,
                    databasePasswordFile,
                    false,
                    databasePlaintext,
                    restoreSecret);
        }

        /** This plan as a disaster recovery: the nodes get the keyring of {@code backup} (see {@code restoreSecret}). */
        public Plan withRestoredSecret(Path backup) {
            return new Plan(
                    dir,
                    clusterName,
                    zooKeeper,
                    sessionTimeout,
                    databaseUrl,
                    nodes,
                    administrator,
                    backupPassword,
                    reminder,
                    databaseUser,
                    databasePasswordFile,
                    zooKeeperTls,
                    databasePlaintext,
                    Objects.requireNonNull(backup, "backup"));
        }
    }

    /**
     * What was created.
     *
     * @param msid the current master secret: the new one, or the restored one
     * @param backupFile the new backup file, or the backup file the secret was restored from
     * @param zooKeeperServers the folders of the ZooKeeper servers' certificates, in connect string order (empty for a
     *     plaintext ensemble)
     * @param restored whether the secret was restored from {@code backupFile} ({@link Plan#restoreSecret})
     */
    public record Result(
            UUID msid,
            Path backupFile,
            Map<String, Path> nodeConfigs,
            Path clientConfig,
            List<Path> zooKeeperServers,
            boolean restored) {
        public Result {
            zooKeeperServers = List.copyOf(zooKeeperServers);
        }
    }

    private ClusterInit() {}

    /**
     * Creates everything {@code plan} describes. The database is checked before any node file is written, so a refusal
     * leaves at most the CA in the folder ({@link InitDatabase}).
     *
     * @throws SsoException INVALID_ARGUMENT when the folder is not empty, the plan is inconsistent, or the database
     *     already holds an SSO system's data (a new cluster) or holds none (a recovery); 10515 when the database
     *     cannot be reached; for a recovery, 10815 for a wrong password or a backup that lacks a secret the
     *     database's data is under, 10564 for a file that is not a backup file
     */
    public static Result run(Plan plan) {
        List<String> possibleOwners = new ArrayList<>();
        for (NodePlan n : plan.nodes()) {
            if (n.roles().contains(NodeRole.MASTER_SECRET_SERVER)) {
                possibleOwners.add(n.name());
            }
        }
        if (possibleOwners.isEmpty()) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "At least one node needs the master-secret-server role.");
        }
        boolean restoring = plan.restoreSecret() != null;
        // Opened before anything is written: a wrong password or a foreign file leaves no folder behind.
        try (Keyring keyring = restoring
                ? new BackupFile()
                        .read(plan.restoreSecret(), plan.backupPassword().clone())
                : Keyring.generate()) {
            ClusterCa ca = Files.exists(ClusterPki.caKeyStore(plan.dir()))
                    ? ClusterPki.reuse(plan.dir(), plan.clusterName())
                    : ClusterPki.createCa(plan.dir(), plan.clusterName());
            Path caPem = plan.dir().resolve("ca").resolve("ca.pem");
            IssuedCertificate admin = ca.issueAdmin(plan.administrator());
            try (InitDatabase database = InitDatabase.open(plan, TlsMaterial.of(admin, ca.certificate()))) {
                if (restoring) {
                    database.checkRestorable(keyring);
                } else {
                    database.checkNew();
                }
                Map<String, Path> configs = new LinkedHashMap<>();
                for (NodePlan n : plan.nodes()) {
                    configs.put(n.name(), writeNode(plan, n, ca, caPem, keyring, possibleOwners));
                }
                UUID msid = keyring.current().msid();
                Path backup = restoring ? plan.restoreSecret() : writeBackup(plan, keyring);
                Path client = writeAdmin(plan, admin, caPem);
                List<Path> zooKeeperServers = plan.zooKeeperTls()
                        ? ZooKeeperServerTls.issue(
                                ca, caPem, plan.zooKeeper(), plan.dir().resolve("zookeeper"))
                        : List.of();
                if (restoring) {
                    database.recordRestored(keyring, plan.administrator());
                } else {
                    database.recordNew(msid, plan.administrator());
                }
                LOG.info(
                        "Initialised cluster {} in {}: {} nodes, secret {} ({})",
                        plan.clusterName(),
                        plan.dir(),
                        configs.size(),
                        msid,
                        restoring ? "restored from " + backup : "new");
                return new Result(msid, backup, configs, client, zooKeeperServers, restoring);
            }
        }
    }

    private static Path writeBackup(Plan plan, Keyring keyring) {
        Path backup = mkdirs(plan.dir().resolve("backup"))
                .resolve("secret-" + keyring.current().msid() + ".bak");
        new BackupFile().write(backup, keyring, plan.backupPassword(), plan.reminder());
        return backup;
    }

    private static Path writeNode(
            Plan plan, NodePlan n, ClusterCa ca, Path caPem, Keyring keyring, List<String> possibleOwners) {
        Path dir = mkdirs(plan.dir().resolve(n.name()));
        mkdirs(dir.resolve("logs"));
        copy(caPem, dir.resolve("ca.pem"));
        IssuedCertificate cert = ca.issueNode(n.name(), n.host(), n.roles());
        ClusterPki.withNewPassword(dir.resolve("node.p12.pwd"), pw -> cert.writePkcs12(dir.resolve("node.p12"), pw));
        boolean mss = n.roles().contains(NodeRole.MASTER_SECRET_SERVER);
        if (mss) {
            NodeSecretStore.generatePasswordFile(dir.resolve("secret.pwd"));
            try (NodeSecretStore store =
                    NodeSecretStore.create(dir.resolve("secret.bcfks"), dir.resolve("secret.pwd"), n.name())) {
                store.saveKeyring(keyring);
            }
        }
        List<String> roles = new ArrayList<>();
        for (NodeRole r : NodeRole.values()) {
            if (n.roles().contains(r)) {
                roles.add(r.label());
            }
        }
        StringBuilder p = new StringBuilder();
        p.append("# ")
                .append(n.name())
                .append(" of cluster ")
                .append(plan.clusterName())
                .append(
                        ": written by sso-init; keys in conf/node.properties.example of the distribution (NodeConfigFile)\n");
        line(p, "node.name", n.name());
        line(p, "node.host", n.host());
        line(p, "node.roles", String.join(",", roles));
        line(p, "cluster.name", plan.clusterName());
        line(p, "zookeeper.connect", plan.zooKeeper());
        line(p, "zookeeper.sessionTimeout", plan.sessionTimeout());
        line(p, "zookeeper.tls", String.valueOf(plan.zooKeeperTls()));
        line(p, "database.url", plan.databaseUrl());
        if (plan.databaseUser() != null) {
            line(p, "database.user", plan.databaseUser());
        }
        if (plan.databasePasswordFile() != null) {
            line(p, "database.passwordFile", plan.databasePasswordFile().toString());
        }
        if (plan.databasePlaintext()) {
            line(p, "database.plaintext", "true");
        }
        line(p, "api.port", String.valueOf(n.apiPort()));
        line(p, "mss.port", String.valueOf(n.mssPort()));
        line(p, "tls.keyStore", "node.p12");
        line(p, "tls.keyStorePasswordFile", "node.p12.pwd");
        line(p, "tls.trustStore", "ca.pem");
        if (mss) {
            line(p, "secretStore.path", "secret.bcfks");
            line(p, "secretStore.passwordFile", "secret.pwd");
        }
        line(p, "log.dir", "logs");
        line(p, "entsso.possibleOwners", String.join(",", possibleOwners));
        line(p, "entsso.preferredOwners", String.join(",", possibleOwners));
        Path file = dir.resolve("node.properties");
        write(file, p.toString());
        return file;
    }

    private static Path writeAdmin(Plan plan, IssuedCertificate cert, Path caPem) {
        Path dir = mkdirs(plan.dir().resolve("admin"));
        copy(caPem, dir.resolve("ca.pem"));
        ClusterPki.withNewPassword(dir.resolve("admin.p12.pwd"), pw -> cert.writePkcs12(dir.resolve("admin.p12"), pw));
        StringBuilder p = new StringBuilder();
        p.append("# The SSO administrator ").append(plan.administrator()).append(": written by sso-init\n");
        line(p, "cluster.name", plan.clusterName());
        line(p, "zookeeper.connect", plan.zooKeeper());
        line(p, "zookeeper.tls", String.valueOf(plan.zooKeeperTls()));
        // The seeds the client library starts from; it reads the current SSO servers from any of them.
        line(
                p,
                "client.servers",
                plan.nodes().stream()
                        .map(n -> "https://" + (n.host().contains(":") ? "[" + n.host() + "]" : n.host()) + ":"
                                + n.apiPort())
                        .collect(Collectors.joining(",")));
        line(p, "tls.keyStore", "admin.p12");
        line(p, "tls.keyStorePasswordFile", "admin.p12.pwd");
        line(p, "tls.trustStore", "ca.pem");
        Path file = dir.resolve("client.properties");
        write(file, p.toString());
        return file;
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n');
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + from + " to " + to, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
