package org.entsso.sso.admin.xml;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns validated {@code <mapping>} elements into {@link MappingXml} and refuses one listed twice. Two mappings are
 * the same when account, application and external user match case-insensitively (as the SSO database compares
 * them): one account may hold several mappings of a Host Group application (sql-schema V8), one per external user.
 * Stateless.
 */
final class MappingReader {
    private MappingReader() {}

    static List<MappingXml> read(List<Node> nodes, Problems problems) {
        List<MappingXml> mappings = nodes.stream().map(MappingReader::mapping).toList();
        Map<String, MappingXml> seen = new HashMap<>();
        for (MappingXml mapping : mappings) {
            String key = String.join("\n", mapping.account(), mapping.externalApplication(), mapping.externalUserId())
                    .toUpperCase(Locale.ROOT);
            MappingXml first = seen.putIfAbsent(key, mapping);
            if (first != null) {
                problems.add(
                        mapping.location(),
                        "mapping of " + mapping.account() + " to " + mapping.externalUserId()
                                + " in application " + mapping.externalApplication() + " is listed twice: here and at "
                                + first.location());
            }
        }
        return mappings;
    }

    private static MappingXml mapping(Node node) {
        return new MappingXml(
                node.childText("windowsDomain").orElse(""),
                node.childText("windowsUserId").orElse(""),
                node.childText("externalApplication").orElse(""),
                node.childText("externalUserId").orElse(""),
                node.location);
    }
}
