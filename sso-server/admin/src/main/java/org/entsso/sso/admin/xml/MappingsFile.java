package org.entsso.sso.admin.xml;

import java.util.List;

/** The mappings of an {@code -createmappings} or {@code -deletemappings} file, in file order (at least one). Immutable. */
public record MappingsFile(List<MappingXml> mappings) {
    public MappingsFile {
        mappings = List.copyOf(mappings);
    }
}
