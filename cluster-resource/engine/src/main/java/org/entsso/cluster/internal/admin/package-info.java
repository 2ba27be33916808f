/**
 * {@link org.entsso.cluster.ClusterAdmin} over ZooKeeper: reads the cluster's state as the cmdlets show it, writes
 * group definitions with optimistic concurrency, and queues commands for the node that owns a group.
 */
package org.entsso.cluster.internal.admin;
