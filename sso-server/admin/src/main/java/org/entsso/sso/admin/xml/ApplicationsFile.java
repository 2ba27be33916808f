package org.entsso.sso.admin.xml;

import java.util.List;

/** The applications of an {@code -createapps} or {@code -updateapps} file, in file order (at least one). Immutable. */
public record ApplicationsFile(List<ApplicationXml> applications) {
    public ApplicationsFile {
        applications = List.copyOf(applications);
    }
}
