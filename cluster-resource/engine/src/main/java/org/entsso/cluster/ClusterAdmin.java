package org.entsso.cluster;

import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.entsso.cluster.events.ClusterEvent;
import org.entsso.cluster.group.GroupSpec;
import org.entsso.cluster.internal.admin.ZkClusterAdmin;
import org.entsso.cluster.node.FailbackMode;
import org.entsso.cluster.resource.Checkpoint;
import org.entsso.cluster.resource.ResourceSpec;

/**
 * Administers a running cluster through ZooKeeper: the FailoverClusters cmdlets as a Java API (anchors/wsfc.md §4).
 * Commands that change a group are carried out by the node that owns it; the {@code wait} arguments bound how long a
 * call waits for the outcome ({@code Duration.ZERO} returns at once, like {@code -Wait 0}).
 *
 * <p>Thread-safe. Unknown names raise {@link NoSuchClusterObjectException}; refused definitions and values raise
 * {@link InvalidClusterConfigurationException}; an outcome not reached in time raises {@link ClusterException}.
 */
public interface ClusterAdmin extends Closeable {

    /** Connects to the cluster; the caller closes the admin. */
    static ClusterAdmin connect(ClusterConnection connection) {
        return ZkClusterAdmin.connect(connection);
    }

    /** {@code Get-ClusterGroup}. */
    List<GroupInfo> groups();

    /** {@code Get-ClusterGroup -Name}. */
    GroupInfo group(String name);

    /** {@code Get-ClusterResource}. */
    List<ResourceInfo> resources();

    /** {@code Get-ClusterResource -Name}. */
    ResourceInfo resource(String name);

    /** {@code Get-ClusterNode}. */
    List<NodeInfo> nodes();

    /** The definition of a group. */
    GroupSpec groupSpec(String name);

    /**
     * Creates a group with its resources (Add-ClusterGroup + Add-ClusterResource + Set-ClusterResourceDependency).
     *
     * @throws InvalidClusterConfigurationException when a group or resource of that name exists, or the
     *     definition is invalid (dangling or cyclic dependencies, unknown property, unknown preferred owner syntax)
     */
    void createGroup(GroupSpec spec);

    /** Creates the group unless one of that name exists; returns whether it created it. */
    boolean createGroupIfAbsent(GroupSpec spec);

    /**
     * Changes a group's definition (properties, owners, resources); the owner applies it. {@code change} receives the
     * current definition and returns the new one; the write is a compare-and-set, so a concurrent change is never
     * lost: {@code change} is applied again to the newer definition (it may run more than once).
     *
     * @return the definition written
     * @throws NoSuchClusterObjectException when the group does not exist
     * @throws InvalidClusterConfigurationException when the change renames the group or takes a resource name
     *     another group uses
     */
    GroupSpec updateGroup(String group, UnaryOperator<GroupSpec> change);

    /** Removes an offline group with its resources ({@code Remove-ClusterGroup -RemoveResources}). */
    void removeGroup(String name);

    /**
     * {@code Remove-ClusterGroup [-RemoveResources]}: removes an Offline group; without {@code removeResources}, only
     * one that has no resources left. The check and the removal are one compare-and-set.
     *
     * @throws NoSuchClusterObjectException when the group does not exist
     * @throws InvalidClusterConfigurationException when the group is not Offline, or still has resources and
     *     {@code removeResources} is false
     */
    void removeGroup(String name, boolean removeResources);

    /**
     * {@code Add-ClusterResource -Group}: adds a resource to a group. It is Offline until started, also in a group
     * that is online (which goes on running), and stays so across moves until {@code Start-ClusterResource} or
     * {@code Start-ClusterGroup}.
     *
     * @return the resource's row
     * @throws NoSuchClusterObjectException when the group does not exist
     * @throws InvalidClusterConfigurationException when a resource of that name exists in the cluster, or the
     *     definition is invalid (e.g. a dependency on a resource of another group)
     */
    ResourceInfo addResource(String group, ResourceSpec resource);

    /**
     * {@code Remove-ClusterResource}: removes an Offline or Failed resource, with its checkpoint data; its group goes
     * on running.
     *
     * @throws NoSuchClusterObjectException when the resource does not exist
     * @throws InvalidClusterConfigurationException when it is not Offline or Failed, or another resource depends on it
     */
    void removeResource(String resource);

    /**
     * {@code Add-ClusterCheckpoint}: registers a registry or crypto checkpoint on a resource (anchors/wsfc.md §2.7).
     *
     * @throws NoSuchClusterObjectException when the resource does not exist
     * @throws InvalidClusterConfigurationException when the resource already has that checkpoint
     */
    void addCheckpoint(String resource, Checkpoint checkpoint);

    /**
     * {@code Get-ClusterCheckpoint [-ResourceName]}: the checkpoints of one resource, or of every resource that has
     * any, by resource name in cluster order.
     */
    Map<String, List<Checkpoint>> checkpoints(Optional<String> resource);

    /**
     * The data {@code resource} of {@code group} last saved as its checkpoint ({@code ResourceContext.saveCheckpoint};
     * the node that takes the group over restores it before Online), if it saved any.
     */
    Optional<byte[]> checkpointData(String group, String resource);

    /**
     * Watches the data {@code resource} of {@code group} saves as its checkpoint: {@code listener} receives it now
     * and after every save (empty while there is none), on a ZooKeeper event thread; it must not block. A standby uses
     * it to hold what it would restore before it takes the group over. Close the returned handle to stop.
     */
    java.io.Closeable watchCheckpoint(
            String group, String resource, java.util.function.Consumer<Optional<byte[]>> listener);

    /**
     * {@code Remove-ClusterCheckpoint -CheckpointName [-RegistryCheckpoint | -CryptoCheckpoint]}: removes the
     * resource's checkpoints of that name (case-insensitive), only of {@code kind} when given.
     *
     * @return the checkpoints removed
     * @throws NoSuchClusterObjectException when the resource does not exist or has no such checkpoint
     */
    List<Checkpoint> removeCheckpoints(String resource, String name, Optional<Checkpoint.Kind> kind);

    /**
     * {@code Move-ClusterGroup [-Node]}: a planned move to {@code node}, or to the best other node by the preferred
     * owners when empty. Returns the group row once it is Online on the target, or when {@code wait} runs out (then
     * the state may be Pending).
     */
    GroupInfo moveGroup(String group, Optional<String> node, Duration wait);

    /** {@code Start-ClusterGroup}. */
    GroupInfo startGroup(String group, Duration wait);

    /** {@code Stop-ClusterGroup}. */
    GroupInfo stopGroup(String group, Duration wait);

    /** {@code Start-ClusterResource}: brings the resource (and what it depends on) online. */
    ResourceInfo startResource(String resource, Duration wait);

    /** {@code Stop-ClusterResource}: takes the resource offline after its dependents. */
    ResourceInfo stopResource(String resource, Duration wait);

    /** {@code Test-ClusterResourceFailure}: fails the resource so the restart and failover policies run. */
    ResourceInfo failResource(String resource, Duration wait);

    /** Clears a Failed resource's failure so it is retried at once (extension; see anchors/wsfc.md §7). */
    ResourceInfo clearResourceFailure(String resource, Duration wait);

    /**
     * {@code Suspend-ClusterNode [-Drain] [-ForceDrain]}: pauses the node; with drain, first moves its groups away
     * gracefully; with force, stops the groups that cannot move.
     */
    NodeInfo pauseNode(String node, boolean drain, boolean forceDrain, Duration wait);

    /** {@code Resume-ClusterNode -Failback}. */
    NodeInfo resumeNode(String node, FailbackMode failback, Duration wait);

    /** The common properties of a group ({@code Get-ClusterGroup | fl *}). */
    Map<String, String> groupProperties(String group);

    /** Sets a common property of a group; {@code PreferredOwners} takes a comma-separated list. */
    void setGroupProperty(String group, String property, String value);

    /** The common properties of a resource ({@code Get-ClusterResource | fl *}). */
    Map<String, String> resourceProperties(String resource);

    /**
     * Sets a common property, a private parameter ({@code Set-ClusterParameter}), {@code PossibleOwners}
     * (comma-separated) or {@code Dependency} (an expression) of a resource.
     */
    void setResourceProperty(String resource, String property, String value);

    /** Sets a cluster property ({@code ClusterEnforcedAntiAffinity} = 0 or 1). */
    void setClusterProperty(String property, String value);

    /** The cluster's properties. */
    Map<String, String> clusterProperties();

    /** What a network name resolves to (the name -> endpoint mapping clients use), if it is online. */
    Optional<Map<String, String>> resolveName(String networkName);

    /**
     * Watches a network name: {@code listener} receives what it resolves to now and after every change (empty while
     * it is not registered), on a ZooKeeper event thread; it must not block. Close the returned handle to stop.
     */
    java.io.Closeable watchName(
            String networkName, java.util.function.Consumer<Optional<Map<String, String>>> listener);

    /**
     * {@code Get-ClusterLog}: events from one node or all nodes, oldest first, no older than {@code timeSpan}
     * (null = all kept).
     */
    List<ClusterEvent> log(Optional<String> node, Duration timeSpan);

    /** Closes the ZooKeeper connection. Idempotent. */
    @Override
    void close();
}
