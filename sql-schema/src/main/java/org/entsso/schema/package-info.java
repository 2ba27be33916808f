/** Flyway migrations for the SSO database and the API that applies them. */
package org.entsso.schema;
