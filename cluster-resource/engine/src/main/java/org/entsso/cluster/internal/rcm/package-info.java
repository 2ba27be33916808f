/**
 * The resource control manager of each group on a node: the group's election and placement
 * ({@link org.entsso.cluster.internal.rcm.GroupController}), its ownership terms with dependency order, restart,
 * failover and failback policies ({@link org.entsso.cluster.internal.rcm.GroupTerm}), administrators' requests, and
 * this node's watched view of the group. Sees its node through {@link org.entsso.cluster.internal.rcm.NodeContext}.
 */
package org.entsso.cluster.internal.rcm;
