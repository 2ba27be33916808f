/**
 * ZooKeeper plumbing shared by nodes and administrators: the Curator client with its timeouts, ACLs and TLS
 * ({@link org.entsso.cluster.internal.zk.Curators}), small operations with our error translation, the znode layout
 * ({@link org.entsso.cluster.internal.zk.ZkPaths}) and the JSON records kept there, and server-side session expiry.
 */
package org.entsso.cluster.internal.zk;
