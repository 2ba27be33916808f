package org.entsso.cluster.resource.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.entsso.cluster.InvalidClusterConfigurationException;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void splitsOnBlanks() {
        assertThat(CommandLine.split("  java  -jar app.jar ")).containsExactly("java", "-jar", "app.jar");
    }

    @Test
    void singleQuotesAreLiteral() {
        assertThat(CommandLine.split("sh -c 'echo \"$HOME\" \\n'")).containsExactly("sh", "-c", "echo \"$HOME\" \\n");
    }

    @Test
    void doubleQuotesKeepBlanksAndHonourBackslashEscapes() {
        assertThat(CommandLine.split("app \"a b\" \"say \\\"hi\\\"\" \"c:\\dir\""))
                .containsExactly("app", "a b", "say \"hi\"", "c:\\dir");
    }

    @Test
    void backslashEscapesABlankOutsideQuotesAndAdjacentPartsJoin() {
        assertThat(CommandLine.split("cat my\\ file pre'fix'\"suffix\" ''"))
                .containsExactly("cat", "my file", "prefixsuffix", "");
    }

    @Test
    void unterminatedQuoteOrEmptyLineIsRefused() {
        assertThatThrownBy(() -> CommandLine.split("sh -c 'oops"))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("unterminated ' quote");
        assertThatThrownBy(() -> CommandLine.split("   "))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("empty");
    }
}
