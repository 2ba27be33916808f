package org.entsso.sso.admin.xml;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the JDK parser's and validator's messages into the sentences the command lines print: without Xerces's error
 * keys, a refused value in one sentence with what {@code sso.xsd} expects there. Stateless.
 */
final class SchemaMessages {
    /** Xerces's error keys, such as {@code cvc-complex-type.2.4.a: }, mean nothing to an operator. */
    private static final Pattern CODE = Pattern.compile("^(cvc|s4s|src)-[\\w.-]*:\\s*");

    /** The attribute's (cvc-attribute.3) or element's (cvc-type.3.1.3) value is not valid; follows the reason. */
    private static final Pattern VALUE_ERROR = Pattern.compile("^cvc-(attribute\\.3|type\\.3\\.1\\.3):.*");

    /** The schema type a message names ("for type 'yesNo'", "its type, 'yesNo'"). */
    private static final Pattern TYPE = Pattern.compile("type,? '(\\w+)'");

    /** What each of sso.xsd's simple types accepts, in words. */
    private static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("yesNo", "yes or no (also true/false or on/off, in any case)"),
            Map.entry("applicationType", "individual, group, hostGroup or configStore"),
            Map.entry("applicationName", "1 to 260 characters without spaces"),
            Map.entry("account", "an account name of 1 to 256 characters, DOMAIN\\name"),
            Map.entry("windowsDomain", "a domain of 1 to 15 characters without spaces or backslashes"),
            Map.entry("windowsUserId", "1 to 256 characters without backslashes"),
            Map.entry("externalUserId", "1 to 256 characters"),
            Map.entry("serverName", "a server name of 1 to 256 characters without spaces"),
            Map.entry("text", "at most 1024 characters"),
            Map.entry("contact", "at most 256 characters"),
            Map.entry("label", "1 to 256 characters"),
            Map.entry("ordinal", "a whole number from 0"),
            Map.entry("minutes", "a whole number of minutes from 1 to 525600"),
            Map.entry("auditCap", "a whole number of rows from 1"));

    private SchemaMessages() {}

    /** A schema error, without its key. */
    static String clean(String message) {
        return message == null ? "invalid" : CODE.matcher(message).replaceFirst("");
    }

    static boolean isValueError(String message) {
        return message != null && VALUE_ERROR.matcher(message).matches();
    }

    /** A refused value, {@code message}, in one sentence with {@code reason} (the facet error before it). */
    static String value(String message, String reason) {
        String what = clean(message)
                .replaceFirst(" with respect to its type, '\\w+'", "")
                .replaceFirst("[.]$", "");
        Optional<String> expected = type(message).or(() -> type(reason)).map(EXPECTED::get);
        return expected.map(e -> what + ": expected " + e).orElseGet(() -> what + ": " + clean(reason));
    }

    /** A well-formedness error; a refused DOCTYPE says so in our words (the JDK names the feature in every locale). */
    static String fatal(String message) {
        if (message != null && message.contains("disallow-doctype-decl")) {
            return "DTDs and entities are not allowed in SSO files (a DOCTYPE was refused)";
        }
        return "not well-formed XML: " + clean(message);
    }

    private static Optional<String> type(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = TYPE.matcher(message);
        Optional<String> found = Optional.empty();
        while (m.find()) {
            found = Optional.of(m.group(1)).filter(EXPECTED::containsKey).or(() -> Optional.empty());
        }
        return found;
    }
}
