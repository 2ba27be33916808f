package org.entsso.sso.admin.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An element of a parsed SSO file with where it starts: the small tree {@link SsoXmlParser} builds and the binders
 * turn into records. Built by one thread, then only read.
 */
final class Node {
    final String name;
    final Map<String, String> attributes;
    final Location location;
    final List<Node> children = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    Node(String name, Map<String, String> attributes, Location location) {
        this.name = name;
        this.attributes = attributes;
        this.location = location;
    }

    void appendText(char[] chars, int start, int length) {
        text.append(chars, start, length);
    }

    /** The text content without leading and trailing white space (docs/xml.md: values are trimmed). */
    String text() {
        return text.toString().strip();
    }

    Optional<String> attribute(String attributeName) {
        return Optional.ofNullable(attributes.get(attributeName)).map(String::strip);
    }

    Optional<Node> child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }

    List<Node> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    Optional<String> childText(String childName) {
        return child(childName).map(Node::text);
    }
}
