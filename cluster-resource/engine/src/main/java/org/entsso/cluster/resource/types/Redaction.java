package org.entsso.cluster.resource.types;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes passwords from JDBC URLs and driver messages before they reach an exception or a log line: properties named
 * {@code password}, {@code pwd} or ending in {@code Password} (such as {@code trustStorePassword}), the
 * {@code user:password@} part of a URL authority (MySQL, PostgreSQL), and any occurrence of the known password
 * itself. Stateless.
 */
final class Redaction {
    static final String MASK = "****";

    private static final Pattern PASSWORD_PROPERTY =
            Pattern.compile("(?i)(\\w*(?:password|pwd))(\\s*=\\s*)(\\{[^}]*}|[^;&\\s]*)");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@;?\\s]*:)[^@/\\s]*@");

    private Redaction() {}

    /** {@code text} without passwords; {@code knownSecret} may be null. */
    static String redact(String text, char[] knownSecret) {
        if (text == null) {
            return null;
        }
        String result = PASSWORD_PROPERTY.matcher(text).replaceAll("$1$2" + Matcher.quoteReplacement(MASK));
        result = USER_INFO.matcher(result).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
        if (knownSecret != null && knownSecret.length > 0) {
            result = result.replace(new String(knownSecret), MASK);
        }
        return result;
    }

    /**
     * A copy of {@code e} safe to keep as a cause: same SQLState, vendor code and stack trace, redacted message, and
     * the chain below it redacted the same way (the original is dropped because its message may hold the URL).
     */
    static SQLException redact(SQLException e, char[] knownSecret) {
        SQLException copy = new SQLException(redact(e.getMessage(), knownSecret), e.getSQLState(), e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        Throwable cause = e.getCause();
        if (cause instanceof SQLException sqlCause && sqlCause != e) {
            copy.initCause(redact(sqlCause, knownSecret));
        } else if (cause != null) {
            RuntimeException causeCopy =
                    new RuntimeException(cause.getClass().getName() + ": " + redact(cause.getMessage(), knownSecret));
            causeCopy.setStackTrace(cause.getStackTrace());
            copy.initCause(causeCopy);
        }
        return copy;
    }
}
