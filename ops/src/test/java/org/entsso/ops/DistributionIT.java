package org.entsso.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as an operator gets it: {@code target/entsso-VERSION.tar.gz} unpacked into an empty folder with the
 * system's {@code tar}, its launchers run from there with a PATH that holds a Java runtime and the usual tools but no
 * Maven, and without the source tree (the working directory is the unpacked folder's parent).
 */
class DistributionIT {
    @TempDir
    static Path dir;

    private static Path home;
    private static Path path;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("distribution"));
        assertThat(tarball).as("the distribution built by package").isRegularFile();
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dir.toString())
                .inheritIO()
                .start();
        assertThat(tar.waitFor()).isZero();
        home = dir.resolve("entsso-" + System.getProperty("entsso.version"));
        // A PATH of every tool the system has except Maven, and the running JVM's java.
        path = Files.createTempDirectory("entsso-path");
        for (String system : List.of("/usr/local/bin", "/usr/bin", "/bin")) {
            if (!Files.isDirectory(Path.of(system))) {
                continue;
            }
            try (Stream<Path> tools = Files.list(Path.of(system))) {
                for (Path tool : tools.toList()) {
                    String name = tool.getFileName().toString();
                    if (!name.startsWith("mvn") && !name.equals("java") && !Files.exists(path.resolve(name))) {
                        Files.createSymbolicLink(path.resolve(name), tool);
                    }
                }
            }
        }
        Files.createSymbolicLink(path.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    @AfterAll
    static void removePath() throws IOException {
        try (Stream<Path> links = Files.list(path)) {
            for (Path link : links.toList()) {
                Files.delete(link); // the link, not what it points to
            }
        }
        Files.delete(path);
    }

    private record Run(int exit, String out) {}

    private static Run run(String launcher, String... args) throws IOException, InterruptedException {
        return run(Map.of(), launcher, args);
    }

    private static Run run(Map<String, String> env, String launcher, String... args)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(home.resolve("bin").resolve(launcher).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", path.toString());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("MAVEN_HOME");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(launcher + " finished").isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theLaunchersRunFromTheUnpackedDistribution_withoutMaven() throws Exception {
        assertThat(path.resolve("mvn")).doesNotExist();

        Run ssod = run("ssod", "--help");
        assertThat(ssod.exit()).as(ssod.out()).isZero();
        assertThat(ssod.out())
                .startsWith("usage: ssod --config <node.properties>")
                .doesNotContain("building");

        Run cluster = run("cluster", "--help");
        assertThat(cluster.exit()).as(cluster.out()).isZero();
        assertThat(cluster.out()).contains("Usage: cluster").doesNotContain("building");

        for (String launcher : List.of("sso-init", "ssoconfig", "ssomanage", "ssoclient", "sso-cluster")) {
            Run help = run(launcher, "--help");
            assertThat(help.exit()).as(launcher + ": " + help.out()).isZero();
        }
    }

    @Test
    void aNodeThatCannotStart_saysSoInOneLine_andLogsThroughTheShippedConfiguration_asTextOrJson() throws Exception {
        for (String format : List.of("text", "json")) {
            // Every file the configuration names exists, so ssod gets as far as logging and then fails on the
            // unreadable key store: the node's logging (conf/log4j2.xml, log4j-core in lib/) is what runs here.
            Path node = Files.createDirectories(dir.resolve("node-" + format));
            Files.writeString(node.resolve("node.p12"), "not a key store");
            Files.writeString(node.resolve("node.p12.pwd"), "password\n");
            Files.writeString(node.resolve("ca.pem"), "not a certificate");
            Files.writeString(
                    node.resolve("node.properties"),
                    String.join(
                            "\n",
                            "node.name=node1",
                            "node.roles=sso-server",
                            "zookeeper.connect=127.0.0.1:1",
                            "database.url=jdbc:h2:tcp://127.0.0.1:1/sso",
                            "api.port=18443",
                            "mss.port=18444",
                            "tls.keyStore=node.p12",
                            "tls.keyStorePasswordFile=node.p12.pwd",
                            "tls.trustStore=ca.pem",
                            "log.dir=logs",
                            ""));

            Run ssod = run(
                    Map.of("ENTSSO_LOG_FORMAT", format),
                    "ssod",
                    "--config",
                    node.resolve("node.properties").toString());

            assertThat(ssod.exit()).as(ssod.out()).isEqualTo(2);
            assertThat(ssod.out().lines()).as(ssod.out()).hasSize(1);
            assertThat(ssod.out()).startsWith("ssod: node1 did not start: ");
            List<String> log = Files.readAllLines(node.resolve("logs").resolve("ssod.log"));
            assertThat(log).as("ssod.log").isNotEmpty();
            if (format.equals("json")) {
                assertThat(log)
                        .allSatisfy(line -> assertThat(line).startsWith("{\"").endsWith("}"));
                assertThat(String.join("\n", log))
                        .contains("\"log.level\":\"ERROR\"", "\"service.node.name\":\"node1\"", "did not start");
            } else {
                assertThat(String.join("\n", log)).contains("ERROR [node1]", "did not start");
            }
        }
    }

    @Test
    void itHoldsTheLaunchersLibrariesClientConfigurationAndInstallNotes() throws IOException {
        for (String launcher :
                List.of("ssod", "sso-init", "ssoconfig", "ssomanage", "ssoclient", "cluster", "sso-cluster")) {
            assertThat(Files.getPosixFilePermissions(home.resolve("bin").resolve(launcher)))
                    .as(launcher)
                    .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        }
        assertThat(home.resolve("INSTALL.md")).isRegularFile();
        assertThat(home.resolve("samples/SampleHostInstance.java")).content().contains("validateAndRedeemTicket");
        assertThat(home.resolve("conf/log4j2.xml")).content().contains("JsonTemplateLayout", "name=\"console\"");
        assertThat(home.resolve("conf/node.properties.example")).content().contains("zookeeper.connect=");
        assertThat(home.resolve("conf/systemd/entsso-node@.service")).content().contains("bin/ssod --config");
        assertThat(home.resolve("conf/systemd/entsso-zookeeper@.service")).isRegularFile();
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("sso-node-"))
                    .anyMatch(n -> n.startsWith("sso-admin-"))
                    .anyMatch(n -> n.startsWith("log4j-core-"))
                    .anyMatch(n -> n.startsWith("log4j-layout-template-json-"));
        }
        try (Stream<Path> client = Files.list(home.resolve("client/lib"));
                Stream<Path> module = Files.list(Path.of(System.getProperty("client.lib")))) {
            List<String> shipped =
                    client.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(shipped)
                    .as("client/lib is the client module's runtime classpath")
                    .isEqualTo(
                            module.map(p -> p.getFileName().toString()).sorted().toList())
                    .anyMatch(n -> n.startsWith("sso-client-"))
                    .anyMatch(n -> n.startsWith("log4j-api-"))
                    .noneMatch(n -> n.startsWith("zookeeper") || n.startsWith("bc") || n.startsWith("log4j-core"))
                    .hasSizeLessThanOrEqualTo(8);
        }
    }
}
