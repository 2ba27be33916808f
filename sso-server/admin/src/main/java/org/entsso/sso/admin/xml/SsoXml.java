package org.entsso.sso.admin.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.xml.sax.InputSource;

/**
 * Reads and writes ENTSSO's XML files for ssomanage (docs/xml.md): applications ({@code -createapps}, {@code
 * -updateapps}, {@code -displayapp}), mappings ({@code -createmappings}, {@code -deletemappings}, {@code
 * -listmappings}) and global info ({@code -updatedb}, {@code -displaydb}).
 *
 * <p>Every reader is all or nothing: the file is validated against {@code sso.xsd}, then checked for what the schema
 * cannot express, and refused with every problem found ({@link SsoXmlException#problems()}, each with its line and
 * column) or returned whole. DTDs and entities are refused outright, files are at most {@link #MAX_FILE_BYTES}. The
 * writers produce files the readers accept: pretty-printed, escaped, root {@code <SSO>}; write them as UTF-8.
 * Thread-safe (stateless).
 */
public final class SsoXml {
    /** The largest file the readers accept: 64 MiB. */
    public static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

    /** The most applications or mappings one file holds (the schema's maxOccurs). */
    public static final int MAX_PER_FILE = TreeBuilder.MAX_PER_FILE;

    private SsoXml() {}

    /** An {@code -createapps} file: every application with at least one field; {@code type} always present. */
    public static ApplicationsFile readApplications(Path file) throws SsoXmlException {
        return applications(open(file), false);
    }

    /** As {@link #readApplications(Path)}, from text; {@code source} names it in messages. */
    public static ApplicationsFile readApplications(String xml, String source) throws SsoXmlException {
        return applications(open(xml, source), false);
    }

    /**
     * An {@code -updateapps} file: {@code <field>} optional (fields cannot change after an application is created: the
     * command line refuses fields other than the application's, so a saved display replays); only the
     * flags and elements the file names change; {@code type} present only when the file gives it.
     */
    public static ApplicationsFile readApplicationUpdates(Path file) throws SsoXmlException {
        return applications(open(file), true);
    }

    /** As {@link #readApplicationUpdates(Path)}, from text; {@code source} names it in messages. */
    public static ApplicationsFile readApplicationUpdates(String xml, String source) throws SsoXmlException {
        return applications(open(xml, source), true);
    }

    /** An {@code -createmappings} or {@code -deletemappings} file. */
    public static MappingsFile readMappings(Path file) throws SsoXmlException {
        return mappings(open(file));
    }

    /** As {@link #readMappings(Path)}, from text; {@code source} names it in messages. */
    public static MappingsFile readMappings(String xml, String source) throws SsoXmlException {
        return mappings(open(xml, source));
    }

    /** An {@code -updatedb} file: one {@code <globalInfo>} naming at least one setting. */
    public static GlobalInfoFile readGlobalInfo(Path file) throws SsoXmlException {
        return globalInfo(open(file));
    }

    /** As {@link #readGlobalInfo(Path)}, from text; {@code source} names it in messages. */
    public static GlobalInfoFile readGlobalInfo(String xml, String source) throws SsoXmlException {
        return globalInfo(open(xml, source));
    }

    /** An applications file of {@code applications} (their locations are ignored). */
    public static String writeApplications(List<ApplicationXml> applications) {
        return SsoXmlWriter.applications(applications);
    }

    /** A mappings file of {@code mappings} (their locations are ignored). */
    public static String writeMappings(List<MappingXml> mappings) {
        return SsoXmlWriter.mappings(mappings);
    }

    /** A global info file of the settings present in {@code globalInfo}. */
    public static String writeGlobalInfo(GlobalInfoXml globalInfo) {
        return SsoXmlWriter.globalInfo(globalInfo);
    }

    private static ApplicationsFile applications(Opened opened, boolean forUpdate) throws SsoXmlException {
        List<Node> nodes = content(opened, Kind.APPLICATIONS);
        List<ApplicationXml> applications = nodes.stream()
                .map(node -> ApplicationReader.read(node, forUpdate, opened.problems))
                .toList();
        Map<String, ApplicationXml> seen = new HashMap<>();
        for (ApplicationXml application : applications) {
            ApplicationXml first = seen.putIfAbsent(application.name().toUpperCase(Locale.ROOT), application);
            if (first != null) {
                opened.problems.add(
                        application.location(),
                        "application " + application.name()
                                + " is defined twice (names are case-insensitive): here and at " + first.location());
            }
        }
        opened.problems.throwIfAny(null);
        return new ApplicationsFile(applications);
    }

    private static MappingsFile mappings(Opened opened) throws SsoXmlException {
        List<MappingXml> mappings = MappingReader.read(content(opened, Kind.MAPPINGS), opened.problems);
        opened.problems.throwIfAny(null);
        return new MappingsFile(mappings);
    }

    private static GlobalInfoFile globalInfo(Opened opened) throws SsoXmlException {
        List<Node> nodes = content(opened, Kind.GLOBAL_INFO);
        Optional<GlobalInfoXml> info =
                nodes.stream().findFirst().map(node -> GlobalInfoReader.read(node, opened.problems));
        opened.problems.throwIfAny(null);
        return new GlobalInfoFile(info.orElseThrow(() -> new IllegalStateException("validated file without content")));
    }

    /**
     * Parses and validates the file and returns the elements of {@code kind} under its root; a file of another kind
     * is a problem. Throws when the file is not well formed (nothing more to check).
     */
    private static List<Node> content(Opened opened, Kind kind) throws SsoXmlException {
        Problems problems = opened.problems;
        Optional<Node> root = opened.input.flatMap(input -> SsoXmlParser.parse(input, problems));
        if (root.isEmpty() || !(root.get().name.equals("SSO") || root.get().name.equals("sso"))) {
            problems.throwIfAny(null);
            throw new IllegalStateException("the schema accepted a file without <SSO>");
        }
        root.get().children.stream()
                .filter(child -> Kind.of(child.name).filter(k -> k != kind).isPresent())
                .findFirst()
                .ifPresent(child -> problems.add(
                        child.location,
                        "this file holds <" + child.name + "> elements, but " + kind.verbs + " read a file of <"
                                + kind.element + "> elements"));
        if (root.get().children.isEmpty() && problems.isEmpty()) {
            // The schema reports it first, in its own words; this is the fallback.
            problems.add(root.get().location, "the file holds no <" + kind.element + ">: nothing to do");
        }
        return root.get().children(kind.element);
    }

    /** A file to parse, or the reason it cannot be. */
    private record Opened(Optional<InputSource> input, Problems problems) {}

    private static Opened open(Path file) {
        Problems problems = new Problems(file.toString());
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                problems.add(Location.of(problems.source()), tooLarge());
                return new Opened(Optional.empty(), problems);
            }
            // The parser detects the encoding from the BOM or the declaration (UTF-8 without either).
            return new Opened(Optional.of(new InputSource(new ByteArrayInputStream(bytes))), problems);
        } catch (NoSuchFileException e) {
            problems.add(Location.of(problems.source()), "no such file");
        } catch (IOException e) {
            problems.add(Location.of(problems.source()), "cannot read the file: " + e);
        }
        return new Opened(Optional.empty(), problems);
    }

    private static Opened open(String xml, String source) {
        Problems problems = new Problems(source);
        if (xml.length() > MAX_FILE_BYTES) {
            problems.add(Location.of(source), tooLarge());
            return new Opened(Optional.empty(), problems);
        }
        return new Opened(Optional.of(new InputSource(new StringReader(xml))), problems);
    }

    private static String tooLarge() {
        return "the file is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB; split it (at most "
                + String.format("%,d", MAX_PER_FILE) + " applications or mappings per file)";
    }
}
