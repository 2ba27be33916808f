package org.entsso.cluster.group;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.entsso.cluster.InvalidClusterConfigurationException;

/**
 * A WSFC dependency expression such as {@code [IP 1] or [IP 2]} or {@code [A] and ([B] or [C])}
 * ({@code Set-ClusterResourceDependency}, anchors/wsfc.md §2.5). {@code and} binds tighter than {@code or}; keywords
 * are case-insensitive; names are in square brackets and may contain spaces. An empty expression has no
 * dependencies. Immutable.
 */
public final class DependencyExpression {
    private final String text;
    private final Node root;

    private DependencyExpression(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Parses an expression.
     *
     * @throws InvalidClusterConfigurationException with the position of the first error
     */
    public static DependencyExpression parse(String text) {
        String source = text == null ? "" : text.trim();
        if (source.isEmpty()) {
            return new DependencyExpression("", null);
        }
        Parser parser = new Parser(source);
        Node root = parser.expression();
        parser.skipSpace();
        if (!parser.atEnd()) {
            throw parser.error("unexpected '" + source.substring(parser.pos) + "'");
        }
        return new DependencyExpression(source, root);
    }

    /** The resource names the expression mentions, in order of appearance. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        if (root != null) {
            root.collect(names);
        }
        return names;
    }

    /** Whether the expression holds when exactly the resources {@code online} accepts are online. */
    public boolean isSatisfied(Predicate<String> online) {
        return root == null || root.eval(online);
    }

    /** Whether there are no dependencies. */
    public boolean isEmpty() {
        return root == null;
    }

    @Override
    public String toString() {
        return text;
    }

    private interface Node {
        boolean eval(Predicate<String> online);

        void collect(Set<String> names);
    }

    private record Name(String name) implements Node {
        public boolean eval(Predicate<String> online) {
            return online.test(name);
        }

        public void collect(Set<String> names) {
            names.add(name);
        }
    }

    private record And(Node left, Node right) implements Node {
        public boolean eval(Predicate<String> online) {
            return left.eval(online) && right.eval(online);
        }

        public void collect(Set<String> names) {
            left.collect(names);
            right.collect(names);
        }
    }

    private record Or(Node left, Node right) implements Node {
        public boolean eval(Predicate<String> online) {
            return left.eval(online) || right.eval(online);
        }

        public void collect(Set<String> names) {
            left.collect(names);
            right.collect(names);
        }
    }

    /** Recursive descent: expression := term ('or' term)*; term := factor ('and' factor)*. */
    private static final class Parser {
        private final String src;
        private int pos;

        Parser(String src) {
            this.src = src;
        }

        Node expression() {
            Node node = term();
            while (keyword("or")) {
                node = new Or(node, term());
            }
            return node;
        }

        Node term() {
            Node node = factor();
            while (keyword("and")) {
                node = new And(node, factor());
            }
            return node;
        }

        Node factor() {
            skipSpace();
            if (atEnd()) {
                throw error("a '[name]' or '(' is missing at the end");
            }
            char c = src.charAt(pos);
            if (c == '(') {
                pos++;
                Node inner = expression();
                skipSpace();
                if (atEnd() || src.charAt(pos) != ')') {
                    throw error("')' expected");
                }
                pos++;
                return inner;
            }
            if (c == '[') {
                int close = src.indexOf(']', pos);
                if (close < 0) {
                    throw error("']' expected");
                }
                String name = src.substring(pos + 1, close).trim();
                if (name.isEmpty()) {
                    throw error("empty resource name '[]'");
                }
                pos = close + 1;
                return new Name(name);
            }
            throw error("'[name]' or '(' expected");
        }

        boolean keyword(String word) {
            skipSpace();
            int end = pos + word.length();
            if (end <= src.length()
                    && src.substring(pos, end).toLowerCase(Locale.ROOT).equals(word)
                    && (end == src.length() || !Character.isLetterOrDigit(src.charAt(end)))) {
                pos = end;
                return true;
            }
            return false;
        }

        void skipSpace() {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
        }

        boolean atEnd() {
            return pos >= src.length();
        }

        InvalidClusterConfigurationException error(String what) {
            return new InvalidClusterConfigurationException(
                    "Dependency expression '" + src + "' is not valid at position " + (pos + 1) + ": " + what);
        }
    }
}
