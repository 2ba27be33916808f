package org.entsso.sso.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the settings of a {@code jdbc:sqlserver://} URL that decide whether the connection is protected: mssql-jdbc
 * encrypts and validates the server certificate by default ({@code encrypt=true}, {@code trustServerCertificate=false}
 * since version 10), so a URL is unprotected only when it says so. Stateless.
 */
public final class SqlServerUrls {
    private static final String PREFIX = "jdbc:sqlserver:";
    private static final Set<String> ENCRYPTION_OFF = Set.of("false", "no", "optional");
    private static final Set<String> ON = Set.of("true", "yes");

    private SqlServerUrls() {}

    /** Whether {@code url} is a SQL Server URL (mssql-jdbc's {@code jdbc:sqlserver:}, any case). */
    public static boolean isSqlServer(String url) {
        return url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * The settings in {@code url} that turn protection off, as written ({@code encrypt=false}, {@code
     * trustServerCertificate=true}); empty when the connection is encrypted and the server certificate validated.
     */
    public static List<String> unprotectedSettings(String url) {
        List<String> found = new ArrayList<>();
        properties(url).forEach((key, value) -> {
            if (key.equals("encrypt") && ENCRYPTION_OFF.contains(value)) {
                found.add("encrypt=" + value);
            }
            if (key.equals("trustservercertificate") && ON.contains(value)) {
                found.add("trustServerCertificate=" + value);
            }
        });
        return found;
    }

    /** The URL's {@code ;key=value} properties, keys and values lower-cased, braces around values removed. */
    private static Map<String, String> properties(String url) {
        Map<String, String> properties = new LinkedHashMap<>();
        String[] parts = url.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                String value = parts[i].substring(eq + 1).trim();
                if (value.startsWith("{") && value.endsWith("}")) {
                    value = value.substring(1, value.length() - 1).trim();
                }
                properties.put(
                        parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT), value.toLowerCase(Locale.ROOT));
            }
        }
        return properties;
    }
}
