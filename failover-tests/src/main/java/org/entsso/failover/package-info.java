/** Multi-process failover tests and benchmark harnesses run against the real distribution. */
package org.entsso.failover;
