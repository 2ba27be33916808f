package org.entsso.cluster.resource.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void passwordPropertiesAreMaskedInEveryCommonUrlForm() {
        assertThat(Redaction.redact("jdbc:sqlserver://db:1433;user=sso;password=p@ss;encrypt=true", null))
                .isEqualTo("jdbc:sqlserver://db:1433;user=sso;password=****;encrypt=true");
        assertThat(Redaction.redact("jdbc:sqlserver://db;Password={a;b}", null))
                .isEqualTo("jdbc:sqlserver://db;Password=****");
        assertThat(Redaction.redact("jdbc:postgresql://db/sso?user=a&password=xyz&ssl=true", null))
                .isEqualTo("jdbc:postgresql://db/sso?user=a&password=****&ssl=true");
        assertThat(Redaction.redact("jdbc:mysql://sso:xyz@db:3306/sso", null))
                .isEqualTo("jdbc:mysql://sso:****@db:3306/sso");
        assertThat(Redaction.redact("jdbc:h2:mem:x;PWD=abc", null)).isEqualTo("jdbc:h2:mem:x;PWD=****");
        assertThat(Redaction.redact("jdbc:sqlserver://db;trustStorePassword=ts1;encrypt=true", null))
                .isEqualTo("jdbc:sqlserver://db;trustStorePassword=****;encrypt=true");
    }

    @Test
    void aKnownSecretIsMaskedWherever_itAppears() {
        assertThat(Redaction.redact("login failed for secret42", "secret42".toCharArray()))
                .isEqualTo("login failed for ****");
    }

    @Test
    void aRedactedSqlExceptionKeepsStateCodeAndStackButNotTheSecret() {
        SQLException original = new SQLException("bad url jdbc:x://db;password=hunter2", "08001", 17);
        original.initCause(new IllegalStateException("hunter2 again"));

        SQLException copy = Redaction.redact(original, "hunter2".toCharArray());

        assertThat(copy.getMessage()).isEqualTo("bad url jdbc:x://db;password=****");
        assertThat(copy.getSQLState()).isEqualTo("08001");
        assertThat(copy.getErrorCode()).isEqualTo(17);
        assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(copy.getCause().getMessage()).isEqualTo("java.lang.IllegalStateException: **** again");
    }
}
