package org.entsso.sso.admin.xml;

import java.util.Arrays;
import java.util.Optional;

/** The three kinds of content an SSO file holds, exactly one per file; the verb that reads it says which. */
enum Kind {
    APPLICATIONS("application", "-createapps and -updateapps"),
    MAPPINGS("mapping", "-createmappings and -deletemappings"),
    GLOBAL_INFO("globalInfo", "-updatedb");

    /** The element under {@code <SSO>}. */
    final String element;
    /** The ssomanage verbs that read this kind. */
    final String verbs;

    Kind(String element, String verbs) {
        this.element = element;
        this.verbs = verbs;
    }

    static Optional<Kind> of(String element) {
        return Arrays.stream(values()).filter(k -> k.element.equals(element)).findFirst();
    }
}
