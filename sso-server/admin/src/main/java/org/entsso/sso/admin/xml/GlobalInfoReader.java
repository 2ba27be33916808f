package org.entsso.sso.admin.xml;

/** Turns a validated {@code <globalInfo>} into a {@link GlobalInfoXml}; one that names nothing is refused. Stateless. */
final class GlobalInfoReader {
    private GlobalInfoReader() {}

    static GlobalInfoXml read(Node node, Problems problems) {
        GlobalInfoXml info = new GlobalInfoXml(
                node.childText("ssoAdminAccount"),
                node.childText("ssoAffiliateAdminAccount"),
                node.childText("secretServer"),
                ApplicationReader.integer(node.childText("auditDeletedApps")),
                ApplicationReader.integer(node.childText("auditDeletedMappings")),
                ApplicationReader.integer(node.childText("auditCredentialLookups")),
                ApplicationReader.integer(node.childText("ticketTimeout")),
                ApplicationReader.integer(node.childText("credCacheTimeout")),
                node.location);
        if (node.children.isEmpty()) {
            problems.add(
                    node.location,
                    "<globalInfo> names nothing to change; give at least one of ssoAdminAccount,"
                            + " ssoAffiliateAdminAccount, secretServer, auditDeletedApps, auditDeletedMappings,"
                            + " auditCredentialLookups, ticketTimeout, credCacheTimeout");
        }
        return info;
    }
}
