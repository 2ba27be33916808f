package org.entsso.sso.admin.xml;

import java.util.List;

/**
 * An SSO XML file was refused: it could not be read, was not well formed, broke the schema ({@code sso.xsd}) or a rule
 * the schema cannot express. Nothing in the file may be applied: the readers are all or nothing. Checked because the
 * command line must tell the operator to fix the file. Immutable.
 */
public final class SsoXmlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /** @param problems at least one, in the order to print them (first is the message) */
    public SsoXmlException(List<Problem> problems) {
        this(problems, null);
    }

    /** @param problems at least one, in the order to print them; @param cause the I/O or parser failure, or null */
    public SsoXmlException(List<Problem> problems, Throwable cause) {
        super(message(problems), cause);
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, first the one {@link #getMessage()} names; each with its line and column. */
    public List<Problem> problems() {
        return problems;
    }

    private static String message(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an SsoXmlException needs at least one problem");
        }
        String first = problems.get(0).toString();
        return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
    }
}
