package org.entsso.cluster.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The scenario files shipped in {@code ops/scenarios/}, found from the module directory the tests run in
 * ({@code cluster-resource/sim}). */
final class ShippedScenarios {
    static final Path DIRECTORY = Path.of("..", "..", "ops", "scenarios");

    private ShippedScenarios() {}

    static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(p -> p.toString().endsWith(".scenario"))
                    .sorted()
                    .toList();
        }
    }
}
