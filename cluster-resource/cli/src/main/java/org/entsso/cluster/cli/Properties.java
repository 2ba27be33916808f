package org.entsso.cluster.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.entsso.cluster.NoSuchClusterObjectException;

/** Prints properties the way {@code Format-List} does ({@code Name : Value}, names padded). */
final class Properties {
    private Properties() {}

    /**
     * Prints every property as a list, or only the value of {@code property} (case-insensitive) when given.
     *
     * @throws NoSuchClusterObjectException when {@code property} is not among them
     */
    static void print(PrintWriter out, String kind, String object, Map<String, String> properties, String property) {
        if (property != null) {
            String value = properties.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(property))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElseThrow(() ->
                            new NoSuchClusterObjectException("property", property + "' of " + kind + " '" + object));
            out.println(value == null ? "" : value);
            return;
        }
        out.print(formatList(properties));
    }

    static String formatList(Map<String, String> properties) {
        int width = properties.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder text = new StringBuilder();
        properties.forEach((name, value) -> text.append(name)
                .append(" ".repeat(width - name.length()))
                .append(" : ")
                .append(value == null ? "" : value)
                .append(System.lineSeparator()));
        return text.toString();
    }
}
