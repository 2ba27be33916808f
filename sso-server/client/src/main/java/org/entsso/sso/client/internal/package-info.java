/** Implementation of {@link org.entsso.sso.client}; not API, and never in a public signature. */
package org.entsso.sso.client.internal;
