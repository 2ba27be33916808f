package org.entsso.cluster.sim;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.entsso.cluster.node.FailbackMode;

/** Reads the action and expectation statements of a scenario for {@link ScenarioParser}. */
final class ScenarioStatements {
    private final ScenarioParser p;

    ScenarioStatements(ScenarioParser parser) {
        this.p = parser;
    }

    Step step(List<String> t, String text) {
        int line = p.line();
        String keyword = t.get(0).toLowerCase(Locale.ROOT);
        return switch (keyword) {
            case "wait" -> {
                Duration d = p.duration(p.arg(t, 1, "a duration such as 2s"));
                p.end(t, 2);
                yield new Step.Wait(line, text, d);
            }
            case "advance" -> {
                expectWord(t, 1, "clock");
                Duration d = p.duration(p.arg(t, 2, "a duration such as 1h"));
                p.end(t, 3);
                yield new Step.AdvanceClock(line, text, d);
            }
            case "fail" -> fail(t, text);
            case "crash" -> {
                expectWord(t, 1, "resource");
                String r = p.resource(p.arg(t, 2, "a resource name"));
                p.end(t, 3);
                yield new Step.CrashResource(line, text, r);
            }
            case "kill" -> nodeProcess(t, text, Step.NodeOperation.KILL);
            case "expire" -> {
                expectWord(t, 1, "session");
                yield nodeProcess(t.subList(1, t.size()), text, Step.NodeOperation.EXPIRE_SESSION);
            }
            case "start", "stop" -> startOrStop(t, text, keyword);
            case "pause" -> pause(t, text);
            case "resume" -> resume(t, text);
            case "move" -> move(t, text);
            case "clear" -> {
                expectWord(t, 1, "resource");
                String r = p.resource(p.arg(t, 2, "a resource name"));
                p.end(t, 3);
                yield new Step.ClearResource(line, text, r);
            }
            case "set" -> set(t, text);
            case "show" -> {
                String what = p.arg(t, 1, "groups, resources or nodes").toLowerCase(Locale.ROOT);
                if (!List.of("groups", "resources", "nodes").contains(what)) {
                    throw p.error("'show " + t.get(1) + "': expected groups, resources or nodes");
                }
                p.end(t, 2);
                yield new Step.Show(line, text, what);
            }
            case "expect" -> expect(t, text);
            default ->
                throw p.error("unknown statement '" + t.get(0) + "'; expected a declaration (session-timeout,"
                        + " policy-tick, nodes, group, resource), an action (wait, advance, fail, crash, kill,"
                        + " expire, start, stop, pause, resume, move, clear, set, show) or expect");
        };
    }

    private Step fail(List<String> t, String text) {
        expectWord(t, 1, "resource");
        String r = p.resource(p.arg(t, 2, "a resource name"));
        int times = 1;
        if (t.size() > 3) {
            times = count(t.get(3));
            String word = p.arg(t, 4, "'times'").toLowerCase(Locale.ROOT);
            if (!word.equals("times") && !word.equals("time")) {
                throw p.error("unexpected '" + t.get(4) + "'; expected 'times'");
            }
            p.end(t, 5);
        }
        return new Step.FailResource(p.line(), text, r, times);
    }

    private Step nodeProcess(List<String> t, String text, Step.NodeOperation operation) {
        // "kill node2" reads as well as "kill node node2"
        boolean withWord = t.size() > 1 && t.get(1).equalsIgnoreCase("node") && t.size() > 2;
        int index = withWord ? 2 : 1;
        String node = p.node(p.arg(t, index, "a node name"));
        p.end(t, index + 1);
        return new Step.NodeProcess(p.line(), text, operation, node);
    }

    private Step startOrStop(List<String> t, String text, String keyword) {
        String kind = p.arg(t, 1, "node, group or resource").toLowerCase(Locale.ROOT);
        Step.Switch operation = keyword.equals("start") ? Step.Switch.START : Step.Switch.STOP;
        return switch (kind) {
            case "node" ->
                nodeProcess(
                        t, text, operation == Step.Switch.START ? Step.NodeOperation.START : Step.NodeOperation.STOP);
            case "group" -> {
                String g = p.group(p.arg(t, 2, "a group name")).name;
                p.end(t, 3);
                yield new Step.SwitchGroup(p.line(), text, operation, g);
            }
            case "resource" -> {
                String r = p.resource(p.arg(t, 2, "a resource name"));
                p.end(t, 3);
                yield new Step.SwitchResource(p.line(), text, operation, r);
            }
            default -> throw p.error("'" + keyword + " " + t.get(1) + "': expected node, group or resource");
        };
    }

    private Step pause(List<String> t, String text) {
        expectWord(t, 1, "node");
        String node = p.node(p.arg(t, 2, "a node name"));
        boolean drain = false;
        boolean force = false;
        for (String option : t.subList(3, t.size())) {
            switch (option.toLowerCase(Locale.ROOT)) {
                case "drain" -> drain = true;
                case "force-drain" -> {
                    drain = true;
                    force = true;
                }
                default -> throw p.error("unexpected '" + option + "'; expected drain or force-drain");
            }
        }
        return new Step.PauseNode(p.line(), text, node, drain, force);
    }

    private Step resume(List<String> t, String text) {
        expectWord(t, 1, "node");
        String node = p.node(p.arg(t, 2, "a node name"));
        FailbackMode mode = FailbackMode.NoFailback;
        if (t.size() > 3) {
            expectWord(t, 3, "failback");
            mode = p.failback(p.arg(t, 4, "NoFailback, Immediate or Policy"));
            p.end(t, 5);
        }
        return new Step.ResumeNode(p.line(), text, node, mode);
    }

    private Step move(List<String> t, String text) {
        expectWord(t, 1, "group");
        String g = p.group(p.arg(t, 2, "a group name")).name;
        Optional<String> target = Optional.empty();
        if (t.size() > 3) {
            expectWord(t, 3, "to");
            target = Optional.of(p.node(p.arg(t, 4, "a node name")));
            p.end(t, 5);
        }
        return new Step.MoveGroup(p.line(), text, g, target);
    }

    private Step set(List<String> t, String text) {
        String kind = p.arg(t, 1, "group, resource or cluster").toLowerCase(Locale.ROOT);
        Step.Target target;
        String object;
        int next;
        switch (kind) {
            case "group" -> {
                target = Step.Target.GROUP;
                object = p.group(p.arg(t, 2, "a group name")).name;
                next = 3;
            }
            case "resource" -> {
                target = Step.Target.RESOURCE;
                object = p.resource(p.arg(t, 2, "a resource name"));
                next = 3;
            }
            case "cluster" -> {
                target = Step.Target.CLUSTER;
                object = "";
                next = 2;
            }
            default -> throw p.error("'set " + t.get(1) + "': expected group, resource or cluster");
        }
        String[] kv = p.property(p.arg(t, next, "PROPERTY=VALUE"), "PROPERTY=VALUE");
        p.end(t, next + 1);
        return new Step.SetProperty(p.line(), text, target, object, kv[0], kv[1]);
    }

    private Step expect(List<String> t, String text) {
        String kind = p.arg(t, 1, "group, resource, node or log").toLowerCase(Locale.ROOT);
        if (kind.equals("log")) {
            String contains = p.arg(t, 2, "the text in quotes");
            Duration within = Duration.ZERO;
            if (t.size() > 3) {
                expectWord(t, 3, "within");
                within = p.duration(p.arg(t, 4, "a duration"));
                p.end(t, 5);
            }
            return new Step.ExpectLog(p.line(), text, contains, within);
        }
        Step.Subject subject;
        String name;
        switch (kind) {
            case "group" -> {
                subject = Step.Subject.GROUP;
                name = p.group(p.arg(t, 2, "a group name")).name;
            }
            case "resource" -> {
                subject = Step.Subject.RESOURCE;
                name = p.resource(p.arg(t, 2, "a resource name"));
            }
            case "node" -> {
                subject = Step.Subject.NODE;
                name = p.node(p.arg(t, 2, "a node name"));
            }
            default -> throw p.error("'expect " + t.get(1) + "': expected group, resource, node or log");
        }
        Optional<String> owner = Optional.empty();
        Optional<String> state = Optional.empty();
        Duration within = Duration.ZERO;
        for (int i = 3; i < t.size(); i++) {
            switch (t.get(i).toLowerCase(Locale.ROOT)) {
                case "owner" -> {
                    if (subject == Step.Subject.NODE) {
                        throw p.error("a node has no owner; expect node NAME state STATE");
                    }
                    String o = p.arg(t, ++i, "a node name or none");
                    owner = Optional.of(o.equalsIgnoreCase("none") ? "" : p.node(o));
                }
                case "state" -> state = Optional.of(p.state(subject, p.arg(t, ++i, "a state")));
                case "within" -> within = p.duration(p.arg(t, ++i, "a duration"));
                default -> throw p.error("unexpected '" + t.get(i) + "'; expected owner, state or within");
            }
        }
        if (owner.isEmpty() && state.isEmpty()) {
            throw p.error("'expect' needs 'owner NODE' or 'state STATE'");
        }
        return new Step.Expect(p.line(), text, subject, name, owner, state, within);
    }

    private void expectWord(List<String> t, int index, String word) {
        String actual = p.arg(t, index, "'" + word + "'");
        if (!actual.equalsIgnoreCase(word)) {
            throw p.error("unexpected '" + actual + "'; expected '" + word + "'");
        }
    }

    private int count(String text) {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw p.error("'" + text + "' is not a positive count");
        }
        if (n < 1) {
            throw p.error("'" + text + "' is not a positive count");
        }
        return n;
    }
}
