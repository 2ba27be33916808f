/**
 * The cluster service of one node behind {@link org.entsso.cluster.ClusterNode}: membership, the group definitions it
 * watches, one controller per group, node commands (pause, drain, resume), the policy tick, and the fault hooks
 * ({@link org.entsso.cluster.internal.node.NodeFaults}) that only cluster-testing's {@code Faults} calls.
 */
package org.entsso.cluster.internal.node;
