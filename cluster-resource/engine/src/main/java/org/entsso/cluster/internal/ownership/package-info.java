/**
 * Group ownership by fencing epoch: the {@link org.entsso.cluster.internal.ownership.Fence} every write of an owner
 * goes through, checked against the epoch its term took, and the {@link org.entsso.cluster.internal.ownership.Term}
 * the resources of a group run in.
 */
package org.entsso.cluster.internal.ownership;
