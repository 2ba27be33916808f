package org.entsso.cluster.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Set-ClusterResourceDependency} expressions (anchors/wsfc.md §2.5). */
class DependencyExpressionTest {

    private static boolean holds(String expression, String... online) {
        Set<String> up = Set.of(online);
        return DependencyExpression.parse(expression).isSatisfied(up::contains);
    }

    @Test
    void aAndBOrC_holdsOnlyWhenAAndOneOfBOrCAreOnline() {
        String e = "[A] and ([B] or [C])";
        assertThat(holds(e, "A", "B")).isTrue();
        assertThat(holds(e, "A", "C")).isTrue();
        assertThat(holds(e, "A", "B", "C")).isTrue();
        assertThat(holds(e, "A")).isFalse();
        assertThat(holds(e, "B", "C")).isFalse();
        assertThat(holds(e)).isFalse();
    }

    @Test
    void andBindsTighterThanOr() {
        // [A] or [B] and [C] means [A] or ([B] and [C]), not ([A] or [B]) and [C].
        assertThat(holds("[A] or [B] and [C]", "A")).isTrue();
        assertThat(holds("[A] or [B] and [C]", "B")).isFalse();
        assertThat(holds("[A] and [B] or [C]", "C")).isTrue();
        assertThat(holds("[A] and [B] or [C]", "A")).isFalse();
    }

    @Test
    void parenthesesOverridePrecedence() {
        assertThat(holds("([A] or [B]) and [C]", "A")).isFalse();
        assertThat(holds("([A] or [B]) and [C]", "B", "C")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[A] AND [B]", "[A] And [B]", "[A] aNd [B]"})
    void andKeywordIsCaseInsensitive(String expression) {
        assertThat(holds(expression, "A", "B")).isTrue();
        assertThat(holds(expression, "A")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[A] OR [B]", "[A] Or [B]"})
    void orKeywordIsCaseInsensitive(String expression) {
        assertThat(holds(expression, "B")).isTrue();
        assertThat(holds(expression)).isFalse();
    }

    @Test
    void namesMayContainSpacesAndAreTrimmed() {
        DependencyExpression e = DependencyExpression.parse("[IP 1] or [ IP 2 ]");
        assertThat(e.names()).containsExactly("IP 1", "IP 2");
        assertThat(e.isSatisfied("IP 2"::equals)).isTrue();
        assertThat(e.isSatisfied("IP"::equals)).isFalse();
    }

    @Test
    void namesAreListedOnceInOrderOfAppearance() {
        assertThat(DependencyExpression.parse("[C] and ([A] or [C]) and [B]").names())
                .containsExactly("C", "A", "B");
    }

    @Test
    void keywordsNeedNoSurroundingSpaces() {
        assertThat(holds("[A]and([B]or[C])", "A", "C")).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n"})
    void whenExpressionIsEmpty_thenNoDependenciesAndAlwaysSatisfied(String text) {
        DependencyExpression e = DependencyExpression.parse(text);
        assertThat(e.isEmpty()).isTrue();
        assertThat(e.names()).isEmpty();
        assertThat(e.isSatisfied(name -> false)).isTrue();
        assertThat(e).hasToString("");
    }

    @Test
    void nonEmptyExpressionIsNotEmptyAndPrintsItsTrimmedText() {
        DependencyExpression e = DependencyExpression.parse("  [A] or [B]  ");
        assertThat(e.isEmpty()).isFalse();
        assertThat(e).hasToString("[A] or [B]");
    }

    @ParameterizedTest(name = "''{0}'' fails at position {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "[A] and        | 8  | missing at the end",
                "[A] or         | 7  | missing at the end",
                "[A             | 1  | ']' expected",
                "[]             | 1  | empty resource name",
                "[  ]           | 1  | empty resource name",
                "([A]           | 5  | ')' expected",
                "([A] or [B]    | 12 | ')' expected",
                "[A] [B]        | 5  | unexpected '[B]'",
                "[A] or or [B]  | 8  | '[name]' or '(' expected",
                "A              | 1  | '[name]' or '(' expected",
                "and [A]        | 1  | '[name]' or '(' expected",
                "[A] andor [B]  | 5  | unexpected 'andor [B]'",
                "[A])           | 4  | unexpected ')'",
                "()             | 2  | '[name]' or '(' expected",
                "[A] xor [B]    | 5  | unexpected 'xor [B]'",
            })
    void everySyntaxErrorIsAConfigurationErrorWithItsPosition(String text, int position, String what) {
        assertThatThrownBy(() -> DependencyExpression.parse(text))
                .isInstanceOf(InvalidClusterConfigurationException.class)
                .hasMessageContaining("'" + text.trim() + "'")
                .hasMessageContaining("position " + position + ":")
                .hasMessageContaining(what);
    }
}
