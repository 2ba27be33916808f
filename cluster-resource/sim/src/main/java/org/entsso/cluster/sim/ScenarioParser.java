package org.entsso.cluster.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.entsso.cluster.InvalidClusterConfigurationException;
import org.entsso.cluster.group.DependencyExpression;
import org.entsso.cluster.group.GroupProperties;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.group.GroupState;
import org.entsso.cluster.node.FailbackMode;
import org.entsso.cluster.node.NodeState;
import org.entsso.cluster.resource.PropertyValues;
import org.entsso.cluster.resource.ResourceProperties;
import org.entsso.cluster.resource.ResourceSpec;
import org.entsso.cluster.resource.ResourceState;

/**
 * Reads the scenario language documented in {@code ops/scenarios/README.md}: one statement per line, {@code #}
 * comments, double quotes around names with spaces; declarations (nodes, groups, resources) first, then actions and
 * expectations. Every error names its line. Not thread-safe; use once.
 */
public final class ScenarioParser {
    private final String source;
    private final ScenarioStatements statements = new ScenarioStatements(this);
    private Duration sessionTimeout = Scenario.DEFAULT_SESSION_TIMEOUT;
    private Duration policyTick = Scenario.DEFAULT_POLICY_TICK;
    private final Set<String> nodes = new LinkedHashSet<>();
    private final Map<String, GroupDecl> groups = new LinkedHashMap<>();
    private final Map<String, String> resourceGroups = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private int line;

    private ScenarioParser(String source) {
        this.source = source;
    }

    /** Parses a scenario file. */
    public static Scenario parse(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses scenario text.
     *
     * @param source the name used in error messages
     * @throws ScenarioParseException at the first error, with its line
     */
    public static Scenario parse(String source, String text) {
        ScenarioParser parser = new ScenarioParser(source);
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            parser.line = i + 1;
            List<String> tokens = parser.tokenize(lines[i]);
            if (!tokens.isEmpty()) {
                parser.statement(tokens);
            }
        }
        return parser.build();
    }

    private void statement(List<String> tokens) {
        String keyword = tokens.get(0).toLowerCase(Locale.ROOT);
        switch (keyword) {
            case "session-timeout" -> {
                declaration(keyword);
                sessionTimeout = duration(arg(tokens, 1, "a duration such as 4s"));
                if (sessionTimeout.toMillis() < 1000) {
                    throw error("the session timeout must be at least 1s");
                }
                end(tokens, 2);
            }
            case "policy-tick" -> {
                declaration(keyword);
                policyTick = duration(arg(tokens, 1, "a duration such as 200ms"));
                if (policyTick.isZero()) {
                    throw error("the policy tick must be positive");
                }
                end(tokens, 2);
            }
            case "nodes", "node" -> nodes(tokens);
            case "group" -> group(tokens);
            case "resource" -> resource(tokens);
            default -> steps.add(statements.step(tokens, String.join(" ", quoteAll(tokens))));
        }
    }

    private void nodes(List<String> tokens) {
        declaration(tokens.get(0));
        if (tokens.size() < 2) {
            throw error("'nodes' needs at least one node name");
        }
        for (String node : tokens.subList(1, tokens.size())) {
            if (!node.matches("[A-Za-z0-9._-]+")) {
                throw error("node name '" + node + "' may contain letters, digits, '.', '_' and '-' only");
            }
            if (!nodes.add(node)) {
                throw error("node '" + node + "' is declared twice");
            }
        }
    }

    private void group(List<String> tokens) {
        declaration("group");
        String name = arg(tokens, 1, "a group name");
        if (groups.containsKey(name)) {
            throw error("group '" + name + "' is declared twice");
        }
        GroupDecl group = new GroupDecl(name, line);
        for (int i = 2; i < tokens.size(); i++) {
            String token = tokens.get(i);
            switch (token.toLowerCase(Locale.ROOT)) {
                case "preferred" -> group.preferred = nodeList(arg(tokens, ++i, "a comma-separated node list"));
                case "offline" -> group.offline = true;
                default -> {
                    String[] kv = property(token, "preferred, offline or PROPERTY=VALUE");
                    group.properties = config(() -> group.properties.with(kv[0], kv[1]));
                }
            }
        }
        groups.put(name, group);
    }

    private void resource(List<String> tokens) {
        declaration("resource");
        String name = arg(tokens, 1, "a resource name");
        if (resourceGroups.containsKey(name)) {
            throw error("resource '" + name + "' is declared twice");
        }
        String groupName = null;
        String type = SimulatedResourceType.NAME;
        String depends = "";
        List<String> owners = List.of();
        ResourceProperties properties = ResourceProperties.DEFAULTS;
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 2; i < tokens.size(); i++) {
            String token = tokens.get(i);
            switch (token.toLowerCase(Locale.ROOT)) {
                case "group" -> groupName = group(arg(tokens, ++i, "a group name")).name;
                case "type" -> type = arg(tokens, ++i, "a resource type name");
                case "depends" -> {
                    String expression = arg(tokens, ++i, "a dependency expression in quotes");
                    config(() -> DependencyExpression.parse(expression));
                    depends = expression;
                }
                case "owners" -> owners = nodeList(arg(tokens, ++i, "a comma-separated node list"));
                case "param" -> {
                    String[] kv = property(arg(tokens, ++i, "KEY=VALUE"), "KEY=VALUE");
                    params.put(kv[0], kv[1]);
                }
                default -> {
                    String[] kv = property(token, "group, type, depends, owners, param or PROPERTY=VALUE");
                    ResourceProperties current = properties;
                    properties = config(() -> current.with(kv[0], kv[1]));
                }
            }
        }
        if (groupName == null) {
            throw error("resource '" + name + "' needs 'group NAME'");
        }
        ResourceSpec spec = new ResourceSpec(name, type, depends, owners, properties, params);
        groups.get(groupName).resources.add(spec);
        resourceGroups.put(name, groupName);
    }

    private Scenario build() {
        if (nodes.isEmpty()) {
            throw new ScenarioParseException(source, Math.max(line, 1), "no nodes declared ('nodes node1 node2 ...')");
        }
        List<GroupSpec> specs = new ArrayList<>();
        Set<String> offline = new LinkedHashSet<>();
        for (GroupDecl group : groups.values()) {
            line = group.line;
            specs.add(config(() -> new GroupSpec(group.name, group.properties, group.preferred, group.resources)));
            if (group.offline) {
                offline.add(group.name);
            }
        }
        return new Scenario(source, sessionTimeout, policyTick, List.copyOf(nodes), specs, offline, steps);
    }

    // ---- helpers shared with ScenarioStatements ----

    int line() {
        return line;
    }

    ScenarioParseException error(String message) {
        return new ScenarioParseException(source, line, message);
    }

    String arg(List<String> tokens, int index, String expected) {
        if (index >= tokens.size()) {
            throw error("'" + String.join(" ", tokens) + "' needs " + expected);
        }
        return tokens.get(index);
    }

    void end(List<String> tokens, int size) {
        if (tokens.size() > size) {
            throw error("unexpected '" + tokens.get(size) + "'");
        }
    }

    Duration duration(String text) {
        if (!text.trim().matches("\\d+(\\.\\d+)?(ms|s|m|h)")) {
            throw error("'" + text + "' is not a duration such as 500ms, 2s, 15m or 1h");
        }
        return config(() -> PropertyValues.parseNonNegative("duration", text));
    }

    String node(String name) {
        if (!nodes.contains(name)) {
            throw error("unknown node '" + name + "'; declared: " + String.join(", ", nodes));
        }
        return name;
    }

    GroupDecl group(String name) {
        GroupDecl group = groups.get(name);
        if (group == null) {
            throw error("unknown group '" + name + "'; declared: " + String.join(", ", groups.keySet()));
        }
        return group;
    }

    String resource(String name) {
        if (!resourceGroups.containsKey(name)) {
            throw error("unknown resource '" + name + "'; declared: " + String.join(", ", resourceGroups.keySet()));
        }
        return name;
    }

    String state(Step.Subject subject, String text) {
        Function<String, Optional<String>> match = name -> Optional.of(name).filter(n -> n.equalsIgnoreCase(text));
        List<String> names = switch (subject) {
            case GROUP -> Arrays.stream(GroupState.values()).map(Enum::name).toList();
            case RESOURCE ->
                Arrays.stream(ResourceState.values()).map(Enum::name).toList();
            case NODE -> Arrays.stream(NodeState.values()).map(Enum::name).toList();
        };
        return names.stream()
                .map(match)
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> error("'" + text + "' is not a "
                        + subject.name().toLowerCase(Locale.ROOT) + " state; one of " + String.join(", ", names)));
    }

    FailbackMode failback(String text) {
        try {
            return FailbackMode.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    String[] property(String token, String expected) {
        int eq = token.indexOf('=');
        if (eq <= 0) {
            throw error("unexpected '" + token + "'; expected " + expected);
        }
        return new String[] {token.substring(0, eq), token.substring(eq + 1)};
    }

    <T> T config(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (InvalidClusterConfigurationException | IllegalArgumentException e) {
            throw new ScenarioParseException(source, line, e.getMessage(), e);
        }
    }

    private void declaration(String keyword) {
        if (!steps.isEmpty()) {
            throw error("'" + keyword + "' declares the cluster; put it before the first action (line "
                    + steps.get(0).line() + ")");
        }
    }

    private List<String> nodeList(String text) {
        List<String> list = new ArrayList<>();
        for (String name : text.split("\\s*,\\s*")) {
            list.add(node(name.trim()));
        }
        return list;
    }

    private List<String> tokenize(String raw) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = null;
        boolean quoted = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quoted) {
                if (c == '"') {
                    quoted = false;
                } else {
                    current.append(c);
                }
            } else if (c == '#') {
                break;
            } else if (c == '"') {
                quoted = true;
                current = current == null ? new StringBuilder() : current;
            } else if (Character.isWhitespace(c)) {
                if (current != null) {
                    tokens.add(current.toString());
                    current = null;
                }
            } else {
                current = current == null ? new StringBuilder() : current;
                current.append(c);
            }
        }
        if (quoted) {
            throw error("a closing '\"' is missing");
        }
        if (current != null) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    private static List<String> quoteAll(List<String> tokens) {
        return tokens.stream()
                .map(t -> t.isEmpty() || t.chars().anyMatch(Character::isWhitespace) ? '"' + t + '"' : t)
                .toList();
    }

    /** A group while its resources are being read. */
    static final class GroupDecl {
        final String name;
        final int line;
        GroupProperties properties = GroupProperties.DEFAULTS;
        List<String> preferred = List.of();
        boolean offline;
        final List<ResourceSpec> resources = new ArrayList<>();

        GroupDecl(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }
}
