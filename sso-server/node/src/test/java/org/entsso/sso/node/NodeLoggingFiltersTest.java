package org.entsso.sso.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's logging drops Hibernate's lines for the one SQL error it expects (two copies of a write meeting at the
 * request id's primary key) and keeps every other. Its own class: it reconfigures Log4j in its JVM.
 */
class NodeLoggingFiltersTest {
    @TempDir
    Path dir;

    @Test
    void whenTwoCopiesOfAWriteMeet_thenHibernatesLinesAreDropped_andOtherSqlErrorsAreKept() throws IOException {
        NodeLogging.configure("node1", dir);
        Logger hibernate = LogManager.getLogger("org.hibernate.orm.jdbc.error");
        hibernate.warn("HHH000247: ErrorCode: 23505, SQLState: 23505");
        hibernate.warn("Unique index or primary key violation: \"PUBLIC.pk_write_request INDEX PUBLIC.PRIMARY_KEY_5B ON"
                + " PUBLIC.write_request(request_id) VALUES ( /* 469 */ CAST('34b9' AS CHAR(36)) )\"; SQL statement:");
        hibernate.warn("HHH000247: ErrorCode: 2627, SQLState: 23000");
        hibernate.warn("Violation of PRIMARY KEY constraint 'pk_write_request'. Cannot insert duplicate key.");
        hibernate.warn("HHH000247: ErrorCode: 90067, SQLState: 90067");
        hibernate.warn("Connection is broken: \"session closed\" [90067-252]");
        hibernate.warn("Unique index or primary key violation: \"PUBLIC.uq_application_name\"");
        LogManager.shutdown();

        List<String> lines = Files.readAllLines(dir.resolve("ssod.log"), StandardCharsets.UTF_8);
        assertThat(lines).noneMatch(l -> l.toLowerCase().contains("pk_write_request"));
        assertThat(lines).noneMatch(l -> l.contains("ErrorCode: 23505") || l.contains("ErrorCode: 2627"));
        assertThat(lines)
                .anyMatch(l -> l.contains("ErrorCode: 90067"))
                .anyMatch(l -> l.contains("Connection is broken"))
                .anyMatch(l -> l.contains("uq_application_name"));
    }
}
