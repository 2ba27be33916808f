/** Implementation of {@link org.entsso.sso.transport}; not API, and never in a public signature. */
package org.entsso.sso.transport.internal;
