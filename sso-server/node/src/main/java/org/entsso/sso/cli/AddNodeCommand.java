package org.entsso.sso.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.ClusterConnection;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.crypto.NodeSecretStore;
import org.entsso.sso.node.EntssoGroup;
import org.entsso.sso.node.NodeConfigFile;
import org.entsso.sso.node.NodeEnrolment;
import org.entsso.sso.tls.NodeRole;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sso-init add-node}: adds a node to a running cluster, in the order a re-run can resume: the node's folder
 * (certificate of the cluster CA, ca.pem, an empty secret store with its node key, node.properties with the cluster's
 * keys taken from an existing node's), its registration in the SSO database with that node key, its place among the
 * ENTSSO group's possible and preferred owners, and then a wait until the master secret server has sealed a crypto
 * checkpoint for its key (it re-reads the possible owners' keys every 10 s), which is how the node receives the master
 * secret when it takes the group over. The existing nodes got the secret directly at initialisation; a later node gets
 * it only through the checkpoint (DESIGN.md decision 5).
 */
@Command(
        name = "add-node",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Adds a node to a running cluster: its certificate, secret store and node.properties in <dir>/NAME, its"
                    + " registration in the SSO database, its place among the possible owners of the ENTSSO group, and"
                    + " its crypto checkpoint sealed by the master secret server. Then start it: ssod --config"
                    + " <dir>/NAME/node.properties.",
            "Existing files are never overwritten; re-running after a partial failure completes the rest."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:added (the checkpoint is sealed for a master-secret-server node)",
            "1:refused or not finished: a file exists with other content, ZooKeeper or the database unreachable, no"
                    + " checkpoint within --wait (run again once the ENTSSO group is online)",
            "2:usage or configuration"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  sso-init add-node --dir /etc/entsso/cluster --node node4=10.0.0.14:8443:8444",
            "  sso-init add-node --dir /tmp/lc/cluster --node node4=127.0.0.1            (free local ports chosen)",
            "  sso-init add-node --dir /etc/entsso/cluster --node edge1=10.0.0.21:8443:8444:sso-server"
        })
public final class AddNodeCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "The cluster folder sso-init wrote (it holds ca/).")
    Path dir;

    @Option(
            names = "--node",
            required = true,
            paramLabel = "NAME=HOST[:API_PORT:MSS_PORT][:sso-server]",
            description = "The new node; without ports two free ports of this machine are chosen; :sso-server for a"
                    + " node that never runs the master secret service.")
    String node;

    @Option(
            names = "--wait",
            defaultValue = "60",
            paramLabel = "SECONDS",
            description = "How long to wait for the crypto checkpoint (default ${DEFAULT-VALUE} s).")
    int waitSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        NodeSpec n = NodeSpec.parse(node);
        Duration wait = Duration.ofSeconds(Math.max(1, waitSeconds));
        ClusterFolder cluster = ClusterFolder.open(dir);
        List<Path> others = cluster.nodeConfigs(n.name());
        if (others.isEmpty()) {
            throw new ConfigFailure(
                    SsoConfigCommand.EXIT_USAGE,
                    "The cluster folder " + cluster.dir() + " holds no node.properties to"
                            + " take the cluster's settings from.");
        }
        Path folder = cluster.dir().resolve(n.name());
        Path properties = folder.resolve("node.properties");
        mkdirs(folder.resolve("logs"));
        PrintWriter out = spec.commandLine().getOut();
        ClusterConnection zooKeeper = cluster.zooKeeper();
        try (ClusterAdmin admin = ClusterAdmin.connect(zooKeeper)) {
            Set<NodeRole> roles = n.mss()
                    ? EnumSet.of(NodeRole.SSO_SERVER, NodeRole.MASTER_SECRET_SERVER)
                    : EnumSet.of(NodeRole.SSO_SERVER);
            Material.caCertificate(cluster.caPem(), folder.resolve("ca.pem"));
            X509Certificate cert = Material.keyStore(
                    folder.resolve("node.p12"),
                    folder.resolve("node.p12.pwd"),
                    cluster.caPem(),
                    n.name(),
                    () -> cluster.ca().issueNode(n.name(), n.host(), roles));
            cluster.recordIssued(
                    cert.getSerialNumber(), "node", n.name(), cert.getNotAfter().toInstant());
            NodeProperties.Plan plan = new NodeProperties.Plan(
                    n.name(),
                    n.host(),
                    port(n.apiPort(), properties, "api.port"),
                    port(n.mssPort(), properties, "mss.port"),
                    n.mss(),
                    withNode(NodeEnrolment.possibleOwners(admin), n),
                    withNode(admin.groupSpec(EntssoGroup.NAME).preferredOwners(), n));
            Material.writeNew(properties, NodeProperties.text(plan, others.get(0)));
            try (NodeSecretStore secrets = n.mss() ? secretStore(folder, n.name()) : null) {
                NodeEnrolment.register(
                        NodeConfigFile.load(properties).database(), cluster.adminTls(), n.name(), roles, secrets);
                out.println("Node " + n.name() + " ("
                        + String.join(",", roles.stream().map(NodeRole::label).toList())
                        + ") is registered in the SSO database; certificate serial "
                        + cert.getSerialNumber().toString(16) + ".");
                if (n.mss()) {
                    NodeEnrolment.addPossibleOwner(admin, n.name());
                    out.println("It is a possible owner of the " + EntssoGroup.NAME + " group: "
                            + String.join(",", NodeEnrolment.possibleOwners(admin)) + ".");
                    awaitCheckpoint(admin, secrets, n.name(), wait);
                    out.println("The master secret server has sealed its crypto checkpoint.");
                }
            }
            out.println("Start it: ssod --config " + properties + "  (API port " + plan.apiPort() + ", MSS port "
                    + plan.mssPort() + ")");
            out.flush();
            return 0;
        }
    }

    private static void awaitCheckpoint(ClusterAdmin admin, NodeSecretStore secrets, String name, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (!NodeEnrolment.checkpointSealedFor(admin, secrets.nodePublicKey())) {
            if (Instant.now().isAfter(deadline)) {
                throw new ConfigFailure(
                        SsoConfigCommand.EXIT_REFUSED,
                        "The master secret server has not sealed a crypto checkpoint for node " + name + " within "
                                + wait.toSeconds() + " s; check that the ENTSSO group is online (cluster group), then"
                                + " run add-node again.");
            }
            try {
                Thread.sleep(500); // the MSS re-reads the owners' keys every 10 s: a coarse poll with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the crypto checkpoint.", e);
            }
        }
    }

    private static NodeSecretStore secretStore(Path folder, String name) {
        Path store = folder.resolve("secret.bcfks");
        Path password = folder.resolve("secret.pwd");
        if (Files.exists(store)) {
            return NodeSecretStore.open(store, password);
        }
        if (!Files.exists(password)) {
            NodeSecretStore.generatePasswordFile(password);
        }
        return NodeSecretStore.create(store, password, name);
    }

    private static List<String> withNode(List<String> owners, NodeSpec n) {
        List<String> list = new ArrayList<>(owners);
        if (n.mss() && !list.isEmpty() && !list.contains(n.name())) {
            list.add(n.name());
        }
        return list;
    }

    /** The given port, else the one a previous run wrote, else a free port of this machine. */
    private static int port(int given, Path properties, String key) {
        if (given > 0) {
            return given;
        }
        String written = NodeProperties.property(properties, key);
        if (written != null) {
            return Integer.parseInt(written.strip());
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot choose a free port", e);
        }
    }

    private static void mkdirs(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + folder, e);
        }
    }

    /** {@code NAME=HOST[:API_PORT:MSS_PORT][:sso-server]}; ports 0 when they are to be chosen. */
    record NodeSpec(String name, String host, int apiPort, int mssPort, boolean mss) {
        static NodeSpec parse(String text) {
            String[] nameRest = text.split("=", 2);
            if (nameRest.length != 2 || !nameRest[0].matches("[A-Za-z0-9._-]+") || nameRest[1].isBlank()) {
                throw bad(text);
            }
            List<String> parts = new ArrayList<>(List.of(nameRest[1].split(":")));
            boolean mss = true;
            if (parts.size() > 1 && parts.get(parts.size() - 1).equals("sso-server")) {
                mss = false;
                parts.remove(parts.size() - 1);
            }
            if (parts.size() == 1) {
                return new NodeSpec(nameRest[0], parts.get(0), 0, 0, mss);
            }
            if (parts.size() != 3) {
                throw bad(text);
            }
            return new NodeSpec(nameRest[0], parts.get(0), port(text, parts.get(1)), port(text, parts.get(2)), mss);
        }

        private static int port(String text, String value) {
            int p = value.matches("[0-9]{1,5}") ? Integer.parseInt(value) : 0;
            if (p < 1 || p > 65535) {
                throw new SsoException(SsoError.INVALID_ARGUMENT, "--node " + text + ": '" + value + "' is not a port");
            }
            return p;
        }

        private static SsoException bad(String text) {
            return new SsoException(
                    SsoError.INVALID_ARGUMENT, "--node " + text + " is not NAME=HOST[:API_PORT:MSS_PORT][:sso-server]");
        }
    }
}
