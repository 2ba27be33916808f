package org.entsso.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The error table of sso-server/docs/errors.md is generated from {@link SsoError}: this test fails when the file is
 * out of date, and rewrites it when run with {@code -Dentsso.docs.write=true}. It also holds the rules of issue 12 item
 * 10: our own ids stay in 15000-15099, ENTSSO's in 10500-11071, and no id is used for two meanings.
 */
class ErrorCatalogueTest {
    private static final Path DOC = Path.of("..", "docs", "errors.md");
    private static final String BEGIN = "<!-- generated from SsoError by ErrorCatalogueTest: begin -->";
    private static final String END = "<!-- generated from SsoError by ErrorCatalogueTest: end -->";

    @Test
    void everyIdIsInItsRangeAndMeansOneThing() {
        Map<Integer, SsoError> seen = new HashMap<>();
        for (SsoError error : SsoError.values()) {
            if (error.ours()) {
                assertThat(error.code()).isBetween(15000, 15099);
            } else {
                assertThat(error.code()).as(error.name()).isBetween(10500, 11071);
            }
            SsoError before = seen.putIfAbsent(error.code(), error);
            if (before != null) {
                // The one shared id: ENTSSO answers a missing SSO administrator with 11042 as well.
                assertThat(Map.of(before, error)).containsEntry(SsoError.ACCESS_DENIED, SsoError.NOT_SSO_ADMINISTRATOR);
            }
            assertThat(error.httpStatus()).isIn(400, 403, 404, 409, 500, 503);
            assertThat(error.retryAfterSeconds() > 0).as(error.name()).isEqualTo(error.httpStatus() == 503);
        }
        assertThat(SsoError.fromCode(11042)).contains(SsoError.ACCESS_DENIED);
    }

    @Test
    void theDocumentedTableIsTheEnum() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("errors.md has the generated block").isNotNegative();
        String current = doc.substring(0, begin + BEGIN.length()) + "\n" + table() + doc.substring(end);
        if (Boolean.getBoolean("entsso.docs.write")) {
            Files.writeString(DOC, current, StandardCharsets.UTF_8);
        }
        assertThat(doc)
                .as("sso-server/docs/errors.md is out of date: run the test with -Dentsso.docs.write=true")
                .isEqualTo(current);
    }

    private static String table() {
        StringBuilder out = new StringBuilder();
        out.append("| id | name | HTTP | whose | message |\n|---|---|---|---|---|\n");
        for (SsoError error : SsoError.values()) {
            String status = error.httpStatus()
                    + (error.retryAfterSeconds() > 0 ? " + `Retry-After: " + error.retryAfterSeconds() + "`" : "");
            out.append("| ")
                    .append(error.code())
                    .append(" | ")
                    .append(error.name())
                    .append(" | ")
                    .append(status)
                    .append(" | ")
                    .append(error.ours() ? "ours" : "ENTSSO")
                    .append(" | ")
                    .append(error.format("").replace("|", "\\|"))
                    .append(" |\n");
        }
        return out.toString();
    }
}
