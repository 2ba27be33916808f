package org.entsso.sso.admin.xml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.ext.DefaultHandler2;

/**
 * The SAX handler of {@link SsoXmlParser}: builds the {@link Node} tree with the position where each element's tag
 * starts, and records the parser's and the schema's errors. SAX reports where an event ends, so an element starts
 * where the previous event (tag, comment, processing instruction) ended; after text the JDK's parser has already read
 * the {@code <} that ended it, one column further. Used by one thread for one parse.
 */
final class TreeBuilder extends DefaultHandler2 {
    /** The schema's maxOccurs for applications and mappings. */
    static final int MAX_PER_FILE = 10_000;

    /** Stops the parse once {@link Problems#MAX} problems are recorded. */
    static final class TooManyProblems extends SAXException {
        private static final long serialVersionUID = 1L;

        TooManyProblems() {
            super("too many problems");
        }
    }

    private final Problems problems;
    private final Deque<Node> open = new ArrayDeque<>();
    private Locator locator;
    private Location lastEnd;
    private Node root;
    private int topLevel;
    private Location lastErrorAt;
    private String lastError;

    TreeBuilder(Problems problems) {
        this.problems = problems;
        this.lastEnd = new Location(problems.source(), 1, 1);
    }

    Node root() {
        return root;
    }

    @Override
    public void setDocumentLocator(Locator documentLocator) {
        this.locator = documentLocator;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
        Location start = open.isEmpty() ? here() : lastEnd;
        lastEnd = here();
        Map<String, String> attributeMap = new LinkedHashMap<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            attributeMap.put(attributes.getLocalName(i), attributes.getValue(i));
        }
        Node node = new Node(localName, attributeMap, start);
        if (open.isEmpty()) {
            root = node;
        } else if (open.size() == 1 && ++topLevel > MAX_PER_FILE) {
            if (topLevel == MAX_PER_FILE + 1) {
                problems.replaceLastAt(
                        lastEnd,
                        start,
                        "more than " + String.format("%,d", MAX_PER_FILE) + " <" + localName
                                + "> elements in one file: split it into files of at most "
                                + String.format("%,d", MAX_PER_FILE));
            }
            open.push(node); // parsed, never kept: the file is refused anyway
            return;
        } else {
            open.peek().children.add(node);
        }
        open.push(node);
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        open.pop();
        lastEnd = here();
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (!open.isEmpty()) {
            open.peek().appendText(ch, start, length);
        }
        lastEnd = afterText();
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        lastEnd = afterText();
    }

    @Override
    public void processingInstruction(String target, String data) {
        lastEnd = here();
    }

    @Override
    public void comment(char[] ch, int start, int length) {
        lastEnd = here();
    }

    /** Never called while DOCTYPE is refused; refuses every external entity should that ever change. */
    @Override
    public InputSource resolveEntity(String name, String publicId, String baseUri, String systemId)
            throws SAXException {
        throw new SAXException("DTDs and entities are not allowed in SSO files (refused " + systemId + ")");
    }

    @Override
    public void warning(SAXParseException e) {
        // The schema's and the parser's warnings are not problems of the file.
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
        Location at = at(e);
        String message = e.getMessage();
        // The validator reports a bad value twice, the facet and then the attribute or element: one problem.
        if (at.equals(lastErrorAt) && SchemaMessages.isValueError(message)) {
            problems.replaceLastAt(at, at, SchemaMessages.value(message, lastError));
        } else {
            problems.add(at, SchemaMessages.clean(message));
        }
        lastErrorAt = at;
        lastError = message;
        if (problems.full()) {
            throw new TooManyProblems();
        }
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
        problems.add(at(e), SchemaMessages.fatal(e.getMessage()));
        throw e;
    }

    private Location here() {
        return locator == null
                ? lastEnd
                : new Location(
                        problems.source(),
                        Math.max(0, locator.getLineNumber()),
                        Math.max(0, locator.getColumnNumber()));
    }

    private Location afterText() {
        Location end = here();
        return end.column() > 1 ? new Location(end.source(), end.line(), end.column() - 1) : end;
    }

    private Location at(SAXParseException e) {
        return new Location(problems.source(), Math.max(0, e.getLineNumber()), Math.max(0, e.getColumnNumber()));
    }
}
