/**
 * The engine behind the public API; no type here appears in a public signature. Sub-packages, each depending only on
 * those listed before it: {@code zk} (ZooKeeper client, znode paths and data), {@code log} (the cluster log),
 * {@code ownership} (fencing epochs and the term they define), {@code rhs} (resource hosting), {@code rcm} (the
 * resource control manager of each group), {@code node} (the cluster service of one node), and {@code admin} (the
 * administration API over ZooKeeper, beside {@code rcm} and {@code node}).
 */
package org.entsso.cluster.internal;
