package org.entsso.sso.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.node.NodeEnrolment;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sso-init revoke}: adds certificates to the cluster CA's revocation list, signs it again into ca/crl.pem and
 * publishes it to ZooKeeper, where every node's revocation channel installs it within about a second; from then on
 * every SSO server (and master secret server) refuses the certificate at the TLS handshake. Idempotent: revoking again
 * signs and publishes the same set again.
 */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Revokes certificates of the cluster CA by principal (every one sso-init issue-client or add-node"
                + " issued to it) or by serial, signs the revocation list again (ca/crl.pem) and publishes it through"
                + " ZooKeeper: every running SSO server refuses them within about a second, and a node that starts"
                + " later reads the list from ZooKeeper.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:revoked (or already revoked, and published again)",
            "1:refused: no certificate recorded for that principal, or ZooKeeper unreachable",
            "2:usage or configuration"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  sso-init revoke --dir /etc/entsso/cluster --principal 'CONTOSO\\orders-host'",
            "  sso-init revoke --dir /etc/entsso/cluster --serial 3f2a9c01d4"
        })
public final class RevokeCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "The cluster folder sso-init wrote (it holds ca/).")
    Path dir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--principal", paramLabel = "DOMAIN\\user", description = "Every certificate issued to it.")
        String principal;

        @Option(
                names = "--serial",
                paramLabel = "HEX",
                description = "One certificate by serial number, in hex as openssl x509 -serial prints it.")
        String serial;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ClusterFolder cluster = ClusterFolder.open(dir);
        List<ClusterFolder.Issued> targets;
        if (which.principal != null) {
            targets = cluster.issued().stream()
                    .filter(i -> i.principal().equalsIgnoreCase(which.principal.strip()))
                    .toList();
            if (targets.isEmpty()) {
                throw new ConfigFailure(
                        SsoConfigCommand.EXIT_REFUSED,
                        "No certificate issued to " + which.principal + " is recorded in "
                                + cluster.dir().resolve(ClusterFolder.ISSUED) + "; give --serial for one sso-init did"
                                + " not issue.");
            }
        } else {
            BigInteger serial = serial(which.serial);
            targets = cluster.issued().stream()
                    .filter(i -> i.serial().equals(serial))
                    .toList();
            if (targets.isEmpty()) {
                targets = List.of(new ClusterFolder.Issued(serial, "unknown", "(not recorded)", ""));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        byte[] crl = null;
        for (ClusterFolder.Issued target : targets) {
            boolean already = cluster.revoked().contains(target.serial());
            crl = cluster.revoke(target.serial(), target.principal());
            out.println((already ? "Already revoked: " : "Revoked: ") + target.kind() + " certificate of "
                    + target.principal() + ", serial " + target.serial().toString(16));
        }
        publish(cluster, crl, out);
        return 0;
    }

    /** Publishes the signed list to ZooKeeper and says so. */
    static void publish(ClusterFolder cluster, byte[] crl, PrintWriter out) {
        NodeEnrolment.publishRevocationList(cluster.zooKeeper(), crl);
        out.println("The revocation list (" + cluster.revoked().size() + " revoked) is in "
                + cluster.dir().resolve(ClusterFolder.CRL) + " and was published through ZooKeeper: every running"
                + " SSO server refuses these certificates within about a second.");
        out.flush();
    }

    private static BigInteger serial(String text) {
        String hex = text.strip().replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.startsWith("serial=")) {
            hex = hex.substring("serial=".length());
        }
        if (hex.startsWith("0x")) {
            hex = hex.substring(2);
        }
        if (hex.isEmpty() || !hex.matches("[0-9a-f]+")) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "--serial " + text + " is not a hexadecimal serial.");
        }
        return new BigInteger(hex, 16);
    }
}
