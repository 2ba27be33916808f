/**
 * Resource hosting (WSFC's RHS): one monitor per resource on the owning node, which runs every call into the
 * resource's instance on the resource's own thread, polls its health and terminates calls that outlive their timeouts,
 * and the {@link org.entsso.cluster.resource.ResourceContext} a resource sees of its ownership term.
 */
package org.entsso.cluster.internal.rhs;
