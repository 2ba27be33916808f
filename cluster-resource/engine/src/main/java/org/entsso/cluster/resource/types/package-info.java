/**
 * The built-in resource types of WSFC (anchors/wsfc.md §2.6): Generic Service, Generic Application, IP Address,
 * Network Name, and a SQL health check. {@link org.entsso.cluster.resource.types.BuiltInResourceTypes#create} is the
 * single entry point the engine uses; the instance classes stay package-private.
 */
package org.entsso.cluster.resource.types;
