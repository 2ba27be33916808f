package org.entsso.sso.admin.xml;

import java.util.Objects;

/** The global info of an {@code -updatedb} file. Immutable. */
public record GlobalInfoFile(GlobalInfoXml globalInfo) {
    public GlobalInfoFile {
        Objects.requireNonNull(globalInfo, "globalInfo");
    }
}
