package org.entsso.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
        path = Files.createDirectory(dir.resolve("path"));
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

    private record Run(int exit, String out) {}

    private static Run run(String launcher, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(home.resolve("bin").resolve(launcher).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", path.toString());
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("MAVEN_HOME");
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

        for (String launcher : List.of("sso-init", "ssoconfig", "sso-cluster")) {
            Run help = run(launcher, "--help");
            assertThat(help.exit()).as(launcher + ": " + help.out()).isZero();
        }
    }

    @Test
    void itHoldsTheLaunchersLibrariesClientConfigurationAndInstallNotes() throws IOException {
        for (String launcher : List.of("ssod", "sso-init", "ssoconfig", "cluster", "sso-cluster")) {
            assertThat(Files.getPosixFilePermissions(home.resolve("bin").resolve(launcher)))
                    .as(launcher)
                    .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        }
        assertThat(home.resolve("INSTALL.md")).isRegularFile();
        assertThat(home.resolve("conf/log4j2.xml")).content().contains("JsonTemplateLayout", "name=\"console\"");
        assertThat(home.resolve("conf/node.properties.example")).content().contains("zookeeper.connect=");
        assertThat(home.resolve("conf/systemd/entsso-node@.service")).content().contains("bin/ssod --config");
        assertThat(home.resolve("conf/systemd/entsso-zookeeper@.service")).isRegularFile();
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("sso-node-"))
                    .anyMatch(n -> n.startsWith("log4j-layout-template-json-"));
        }
        try (Stream<Path> client = Files.list(home.resolve("client/lib"))) {
            assertThat(client.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("sso-client-"))
                    .noneMatch(n -> n.startsWith("zookeeper") || n.startsWith("bc") || n.startsWith("log4j-core"))
                    .hasSizeLessThanOrEqualTo(8);
        }
    }
}
