package org.entsso.cluster.internal.node;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.entsso.cluster.events.GroupObservation;
import org.entsso.cluster.events.GroupObserver;
import org.entsso.cluster.internal.rcm.GroupController;
import org.entsso.cluster.internal.rcm.GroupWatch;

/**
 * The observers of one node's view of its groups ({@link GroupWatch} tells them). One that throws is logged and the
 * others still hear of the change. Thread-safe: observers may be added while changes are told.
 */
final class GroupObservers implements GroupObserver {
    private static final Logger LOG = LogManager.getLogger(GroupObservers.class);

    private final String nodeName;
    private final List<GroupObserver> observers = new CopyOnWriteArrayList<>();

    GroupObservers(String nodeName) {
        this.nodeName = nodeName;
    }

    void add(GroupObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    /** The views of {@code controllers}' groups, by name. */
    static List<GroupObservation> snapshot(Collection<GroupController> controllers) {
        return controllers.stream()
                .map(GroupController::observation)
                .sorted(Comparator.comparing(GroupObservation::group, String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /** Tells every observer that the view of {@code observation.group()} changed. */
    @Override
    public void observed(GroupObservation observation) {
        for (GroupObserver o : observers) {
            try {
                o.observed(observation);
            } catch (RuntimeException e) {
                LOG.warn("Node '{}': a group observer failed on group '{}'", nodeName, observation.group(), e);
            }
        }
    }
}
