/**
 * Implementation of the store: Hibernate bootstrap, entities and repository implementations. Not an API: nothing
 * here appears in a public signature of {@code org.entsso.sso.store}.
 */
package org.entsso.sso.store.internal;
