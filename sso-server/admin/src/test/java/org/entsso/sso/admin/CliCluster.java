package org.entsso.sso.admin;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.entsso.sso.client.ClientConfigFile;
import org.entsso.sso.client.SsoClient;
import org.entsso.sso.crypto.ClusterCa;
import org.entsso.sso.crypto.ClusterPki;
import org.entsso.sso.crypto.IssuedCertificate;
import org.entsso.sso.testing.SsoTestCluster;

/**
 * An in-process cluster (one node: ZooKeeper, H2, the SSO server and master secret server) and the files a person
 * needs to run ssomanage or ssoclient against it: a certificate from the cluster's CA and a {@code client.properties}
 * per account, as an operator would issue them.
 */
final class CliCluster implements Closeable {
    static final String ADMIN = SsoTestCluster.ADMIN;

    private final Path dir;
    private final SsoTestCluster cluster;
    private final Map<String, Path> configs = new HashMap<>();

    CliCluster(Path dir) throws Exception {
        this.dir = dir;
        this.cluster = SsoTestCluster.start(dir, 1);
        cluster.awaitMasterSecretServer();
        configs.put(ADMIN, cluster.init().clientConfig());
    }

    /** The {@code client.properties} of {@code principal}, written on first use. */
    Path clientConfig(String principal) {
        return configs.computeIfAbsent(principal, this::issue);
    }

    private Path issue(String principal) {
        try {
            Path home = Files.createDirectories(dir.resolve("people").resolve(principal.replace('\\', '_')));
            ClusterCa ca = ClusterPki.loadCa(dir.resolve("cluster"));
            IssuedCertificate cert = ca.issueClient(principal);
            ClusterPki.withNewPassword(home.resolve("me.p12.pwd"), pw -> cert.writePkcs12(home.resolve("me.p12"), pw));
            Path admin = cluster.init().clientConfig();
            Files.copy(admin.resolveSibling("ca.pem"), home.resolve("ca.pem"));
            String servers = Files.readAllLines(admin).stream()
                    .filter(l -> l.startsWith("client.servers="))
                    .findFirst()
                    .orElseThrow();
            Files.writeString(
                    home.resolve("client.properties"),
                    servers + "\ntls.keyStore=me.p12\ntls.keyStorePasswordFile=me.p12.pwd\ntls.trustStore=ca.pem\n");
            return home.resolve("client.properties");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A client of the API as {@code principal}, for checks the command lines do not make. */
    SsoClient client(String principal) {
        return SsoClient.open(ClientConfigFile.load(clientConfig(principal)));
    }

    /** Runs ssomanage as {@code principal}, with no terminal unless answers are given. */
    Run manage(String principal, String... args) {
        return run(true, principal, Optional.empty(), args);
    }

    /** Runs ssoclient as {@code principal}. */
    Run client(String principal, String... args) {
        return run(false, principal, Optional.empty(), args);
    }

    /** Runs ssomanage as {@code principal} with a terminal that answers {@code answers} in turn. */
    Run manageAnswering(String principal, Deque<String> answers, String... args) {
        return run(true, principal, Optional.of(new ScriptedTerminal(answers)), args);
    }

    Run run(boolean manage, String principal, Optional<Prompter> terminal, String... args) {
        Path home = clientConfig(principal).getParent();
        Environment env = new Environment(
                Optional.of(clientConfig(principal)),
                home.resolve("user").resolve(Environment.SERVER_FILE),
                dir.resolve("machine").resolve(Environment.SERVER_FILE),
                terminal);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = manage
                ? SsoManageCommand.run(env, new PrintWriter(out), new PrintWriter(err), args)
                : SsoClientCommand.run(env, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    SsoTestCluster cluster() {
        return cluster;
    }

    @Override
    public void close() throws IOException {
        cluster.close();
    }

    /** What a run printed and its exit code. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** A terminal that answers from a script; a secret is handed over as a fresh array. */
    static final class ScriptedTerminal implements Prompter {
        private final Deque<String> answers;
        final Deque<String> prompts = new ArrayDeque<>();

        ScriptedTerminal(Deque<String> answers) {
            this.answers = answers;
        }

        @Override
        public char[] readPassword(String prompt) {
            prompts.add(prompt);
            String a = answers.poll();
            return a == null ? null : a.toCharArray();
        }

        @Override
        public String readLine(String prompt) {
            prompts.add(prompt);
            return answers.poll();
        }
    }
}
