package org.entsso.sso.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.store.WindowsAccount;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sso-init issue-client}: a client certificate of the cluster CA for a person or a host instance, whose subject
 * CN is the principal {@code DOMAIN\\user} every SSO server authorises it as. Writes into {@code --out}: client.p12,
 * its owner-only password file client.p12.pwd, ca.pem and a ready client.properties (the cluster's seed servers and
 * these files), and records the serial in the cluster folder's ca/issued.tsv so it can be revoked by principal. Never
 * overwrites a file; a re-run after a partial failure completes what is missing.
 */
@Command(
        name = "issue-client",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Issues a client certificate for a person or a host instance (DOMAIN\\user) and writes client.p12, its"
                    + " owner-only password file client.p12.pwd, ca.pem and a ready client.properties into --out.",
            "Existing files are never overwritten (exit 1 naming the file); re-running after a partial failure"
                    + " completes the rest."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:issued", "1:refused (a file exists with other content)", "2:usage or configuration"},
        footerHeading = "%nExample:%n",
        footer = "  sso-init issue-client --dir /etc/entsso/cluster --principal 'CONTOSO\\orders-host' --days 365"
                + " --out /etc/entsso/orders-host")
public final class IssueClientCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "The cluster folder sso-init wrote (it holds ca/).")
    Path dir;

    @Option(
            names = "--principal",
            required = true,
            paramLabel = "DOMAIN\\user",
            description = "Who the certificate is.")
    String principal;

    @Option(
            names = "--days",
            defaultValue = "365",
            description = "Validity in days (default ${DEFAULT-VALUE}; at most until the cluster CA expires).")
    int days;

    @Option(names = "--out", required = true, description = "The folder to write the four files into.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        WindowsAccount account = WindowsAccount.parse(principal);
        if (days < 1) {
            throw new SsoException(SsoError.INVALID_ARGUMENT, "--days must be at least 1, not " + days + ".");
        }
        ClusterFolder cluster = ClusterFolder.open(dir);
        Path folder = out.toAbsolutePath().normalize();
        String name = account.toString();
        Path keyStore = folder.resolve("client.p12");
        Path passwordFile = folder.resolve("client.p12.pwd");
        Material.caCertificate(cluster.caPem(), folder.resolve("ca.pem"));
        X509Certificate cert = Material.keyStore(
                keyStore,
                passwordFile,
                cluster.caPem(),
                name,
                () -> cluster.ca().issueClient(name, Duration.ofDays(days)));
        BigInteger serial = cert.getSerialNumber();
        cluster.recordIssued(serial, "client", name, cert.getNotAfter().toInstant());
        Path config = folder.resolve("client.properties");
        Material.writeNew(config, clientProperties(name, cluster.seedServers()));
        PrintWriter w = spec.commandLine().getOut();
        w.println("Issued a client certificate for " + name + " (serial " + serial.toString(16) + ", valid until "
                + cert.getNotAfter().toInstant() + ") into " + folder);
        w.println("  " + keyStore.getFileName() + " + " + passwordFile.getFileName() + " (owner-only), ca.pem, "
                + config.getFileName());
        w.println("A host instance uses it with: ENTSSO_CLIENT_CONFIG=" + config);
        w.println("Revoke it with: sso-init revoke --dir " + cluster.dir() + " --principal '" + name + "'");
        w.flush();
        return 0;
    }

    static String clientProperties(String principal, String servers) {
        return "# " + principal + ": written by sso-init issue-client (keys: sso-server/docs/client.md)\n"
                + "client.servers=" + servers + "\n"
                + "tls.keyStore=client.p12\n"
                + "tls.keyStorePasswordFile=client.p12.pwd\n"
                + "tls.trustStore=ca.pem\n";
    }
}
