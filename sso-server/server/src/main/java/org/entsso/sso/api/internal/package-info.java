/** The {@code /v1} API's request parsing, routing, authorization and JSON; never part of a public signature. */
package org.entsso.sso.api.internal;
