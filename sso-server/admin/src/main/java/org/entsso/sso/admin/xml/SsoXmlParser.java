package org.entsso.sso.admin.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Parses an SSO file into a {@link Node} tree while validating it against {@code sso.xsd}, collecting every schema
 * error with its line and column. Locked down against XXE and entity expansion (OWASP XXE Prevention Cheat Sheet,
 * "JAXP DocumentBuilderFactory, SAXParserFactory and DOM4J"): DOCTYPE refused outright, no external DTD, schema or
 * entity, no XInclude, secure processing on. Thread-safe: the schema is immutable and each parse makes its own parser.
 */
final class SsoXmlParser {
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String NORMALIZED_VALUE = "http://apache.org/xml/features/validation/schema/normalized-value";
    private static final String LEXICAL_HANDLER = "http://xml.org/sax/properties/lexical-handler";
    /** The JDK's default cap on maxOccurs under secure processing is 5,000; the schema allows 10,000 per file. */
    private static final String MAX_OCCUR_LIMIT = "jdk.xml.maxOccurLimit";

    private static final Schema SCHEMA = loadSchema();

    private SsoXmlParser() {}

    /** The root element, or empty when the file is not well formed (the reason is in {@code problems}). */
    static Optional<Node> parse(InputSource input, Problems problems) {
        TreeBuilder builder = new TreeBuilder(problems);
        try {
            XMLReader reader = newParser().getXMLReader();
            reader.setContentHandler(builder);
            reader.setErrorHandler(builder);
            reader.setProperty(LEXICAL_HANDLER, builder);
            reader.parse(input);
            return Optional.ofNullable(builder.root());
        } catch (SAXParseException e) {
            // Already recorded by TreeBuilder.fatalError with its line and column.
            return Optional.empty();
        } catch (TreeBuilder.TooManyProblems e) {
            return Optional.empty();
        } catch (SAXException e) {
            problems.add(Location.of(problems.source()), "cannot parse the file: " + e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            problems.add(Location.of(problems.source()), "cannot read the file: " + e);
            return Optional.empty();
        }
    }

    private static SAXParser newParser() throws SAXException {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            // Values as written (only trimmed, Node.text): the schema's token types would otherwise collapse the
            // spaces inside an account or external user name without a word.
            factory.setFeature(NORMALIZED_VALUE, false);
            factory.setSchema(SCHEMA);
            SAXParser parser = factory.newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return parser;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's SAX parser lacks a feature SSO files need", e);
        }
    }

    /** Loads sso.xsd from the classpath once, then locks the factory down (the XSD includes nothing). */
    private static Schema loadSchema() {
        URL xsd = SsoXmlParser.class.getResource("sso.xsd");
        if (xsd == null) {
            throw new IllegalStateException("sso.xsd is missing from the classpath next to " + SsoXmlParser.class);
        }
        try (InputStream in = xsd.openStream()) {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(MAX_OCCUR_LIMIT, "10000");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(new StreamSource(in, xsd.toExternalForm()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sso.xsd from the classpath", e);
        } catch (SAXException e) {
            throw new IllegalStateException("sso.xsd does not compile", e);
        }
    }
}
