package org.entsso.cluster.sim;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.entsso.cluster.group.GroupSpec;

/**
 * A parsed scenario: the cluster to build and the steps to run on it. Immutable.
 *
 * @param source where it was read from (for messages)
 * @param sessionTimeout the ZooKeeper session timeout of every node
 * @param policyTick how often the nodes evaluate time-based policies
 * @param nodes node names, in the order they start
 * @param groups the groups, created in this order
 * @param offlineGroups the groups that are created but not started
 * @param steps actions and expectations, in file order
 */
public record Scenario(
        String source,
        Duration sessionTimeout,
        Duration policyTick,
        List<String> nodes,
        List<GroupSpec> groups,
        Set<String> offlineGroups,
        List<Step> steps) {

    /** The session timeout when a scenario does not set one (the engine's default). */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(4);

    /** The policy tick when a scenario does not set one: fast enough for second-scale scenarios. */
    public static final Duration DEFAULT_POLICY_TICK = Duration.ofMillis(200);

    public Scenario {
        Objects.requireNonNull(source, "source");
        nodes = List.copyOf(nodes);
        groups = List.copyOf(groups);
        offlineGroups = Set.copyOf(offlineGroups);
        steps = List.copyOf(steps);
    }

    /** How many expectations the scenario has. */
    public long expectationCount() {
        return steps.stream()
                .filter(s -> s instanceof Step.Expect || s instanceof Step.ExpectLog)
                .count();
    }
}
