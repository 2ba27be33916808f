/**
 * Reading configuration files: {@link org.entsso.sso.config.PropertiesFile}, the shared rules of
 * {@code client.properties} ({@code org.entsso.sso.client.ClientConfigFile}) and {@code node.properties}
 * ({@code org.entsso.sso.node.NodeConfigFile}): one-sentence errors naming the file and the key, unknown keys refused,
 * paths relative to the file's folder.
 */
package org.entsso.sso.config;
