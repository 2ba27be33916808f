package org.entsso.sso.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.entsso.cluster.ClusterAdmin;
import org.entsso.cluster.GroupInfo;
import org.entsso.cluster.NodeInfo;
import org.entsso.cluster.node.NodeState;
import org.entsso.sso.crypto.PasswordFiles;
import org.entsso.sso.node.EntssoGroup;
import org.entsso.sso.node.NodeConfigFile;
import org.entsso.sso.node.NodeEnrolment;
import org.entsso.sso.tls.TlsMaterial;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sso-init remove-node}: takes a stopped node out of the cluster: out of the ENTSSO group's possible and
 * preferred owners, out of the SSO database's registered nodes (so the master secret server seals no checkpoint for
 * its key any more), and its certificate revoked and the revocation list published. Refused while the node owns the
 * ENTSSO group or is still running. Every step is idempotent; the node's folder is left for the operator to delete.
 */
@Command(
        name = "remove-node",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Removes a stopped node: from the possible owners of the ENTSSO group, from the SSO database's"
                + " registered nodes (no crypto checkpoint is sealed for it any more), and revokes its certificate"
                + " (published through ZooKeeper). Refused while it runs the master secret server or is still running.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:removed (or already removed)",
            "1:refused: the node owns the ENTSSO group, is still running, is unknown, or is the last possible owner;"
                    + " or ZooKeeper or the database is unreachable",
            "2:usage or configuration"
        },
        footerHeading = "%nExample:%n",
        footer = "  sso-init remove-node --dir /etc/entsso/cluster --node node4")
public final class RemoveNodeCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "The cluster folder sso-init wrote (it holds ca/).")
    Path dir;

    @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node to remove.")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ClusterFolder cluster = ClusterFolder.open(dir);
        PrintWriter out = spec.commandLine().getOut();
        try (ClusterAdmin admin = ClusterAdmin.connect(cluster.zooKeeper())) {
            GroupInfo group = admin.group(EntssoGroup.NAME);
            if (name.equals(group.ownerNode())) {
                throw refused("Node " + name + " owns the " + EntssoGroup.NAME + " group (it runs the master secret"
                        + " server); move the group first: cluster group move " + EntssoGroup.NAME
                        + " --node <other>.");
            }
            Optional<NodeInfo> info =
                    admin.nodes().stream().filter(n -> n.name().equals(name)).findFirst();
            if (info.isPresent() && info.get().state() != NodeState.Down) {
                throw refused("Node " + name + " is still running (state "
                        + info.get().state() + "); stop its ssod" + " first.");
            }
            Set<BigInteger> serials = serials(cluster);
            boolean owner = NodeEnrolment.possibleOwners(admin).contains(name);
            if (info.isEmpty() && serials.isEmpty() && !owner) {
                throw refused("Node " + name + " is unknown: it is not a node of the cluster, not a possible owner and"
                        + " no certificate of it is recorded in " + cluster.dir() + ".");
            }
            if (owner) {
                NodeEnrolment.removePossibleOwner(admin, name);
            }
            out.println("Node " + name + " is not a possible owner of the " + EntssoGroup.NAME + " group: "
                    + String.join(",", NodeEnrolment.possibleOwners(admin)) + ".");
            List<Path> configs = cluster.nodeConfigs("");
            if (!configs.isEmpty()) {
                Path config = configs.stream()
                        .filter(p -> !p.getParent().getFileName().toString().equals(name))
                        .findFirst()
                        .orElse(configs.get(0));
                boolean known =
                        NodeEnrolment.unregister(NodeConfigFile.load(config).database(), cluster.adminTls(), name);
                out.println(
                        known
                                ? "Its registration and node key were removed from the SSO database."
                                : "It is not registered in the SSO database.");
            }
            byte[] crl = null;
            for (BigInteger serial : serials) {
                boolean already = cluster.revoked().contains(serial);
                crl = cluster.revoke(serial, name);
                out.println((already ? "Its certificate was already revoked" : "Revoked its certificate") + ", serial "
                        + serial.toString(16) + ".");
            }
            if (crl != null) {
                RevokeCommand.publish(cluster, crl, out);
            }
            out.println(
                    "Node " + name + " was removed; its folder " + cluster.dir().resolve(name) + " may be deleted.");
            out.flush();
            return 0;
        }
    }

    /** The node's certificates: those recorded when add-node issued them, and the one in its folder. */
    private Set<BigInteger> serials(ClusterFolder cluster) {
        Set<BigInteger> serials = new LinkedHashSet<>();
        cluster.issued().stream()
                .filter(i -> i.kind().equals("node") && i.principal().equals(name))
                .forEach(i -> serials.add(i.serial()));
        Path folder = cluster.dir().resolve(name);
        if (Files.isRegularFile(folder.resolve("node.p12")) && Files.isRegularFile(folder.resolve("node.p12.pwd"))) {
            char[] pw = PasswordFiles.read(folder.resolve("node.p12.pwd"), "password file");
            try {
                serials.add(TlsMaterial.fromPkcs12(folder.resolve("node.p12"), pw, cluster.caPem())
                        .certificate()
                        .getSerialNumber());
            } finally {
                java.util.Arrays.fill(pw, '\0');
            }
        }
        return serials;
    }

    private static ConfigFailure refused(String sentence) {
        return new ConfigFailure(SsoConfigCommand.EXIT_REFUSED, sentence);
    }
}
