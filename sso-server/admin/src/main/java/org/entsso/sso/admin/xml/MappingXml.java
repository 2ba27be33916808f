package org.entsso.sso.admin.xml;

import java.util.Objects;

/**
 * One {@code <mapping>}: a Windows account ({@code windowsDomain\windowsUserId}) mapped to {@code externalUserId} in
 * the affiliate application {@code externalApplication}. {@code location} is where its element starts ({@link
 * Location#of} for one not read from a file; the writers ignore it). Immutable.
 */
public record MappingXml(
        String windowsDomain,
        String windowsUserId,
        String externalApplication,
        String externalUserId,
        Location location) {
    public MappingXml {
        Objects.requireNonNull(windowsDomain, "windowsDomain");
        Objects.requireNonNull(windowsUserId, "windowsUserId");
        Objects.requireNonNull(externalApplication, "externalApplication");
        Objects.requireNonNull(externalUserId, "externalUserId");
        Objects.requireNonNull(location, "location");
    }

    /** {@code DOMAIN\\user}, as the API and the command lines name accounts. */
    public String account() {
        return windowsDomain + "\\" + windowsUserId;
    }
}
