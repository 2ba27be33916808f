/** The cluster log: each node's events, to Log4j at once and to ZooKeeper in the background, read by administrators. */
package org.entsso.cluster.internal.log;
