package org.entsso.sso.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * How a verb that displays something prints it: ENTSSO's text (the default), JSON for scripts ({@code -json} or
 * {@code --output json}), or ENTSSO's XML file format where one exists ({@code --output xml}: applications, mappings,
 * global info), so a display can be saved and replayed with -createapps/-updateapps/-createmappings/-updatedb.
 */
final class Output {
    /** The three formats. */
    enum Format {
        TEXT,
        JSON,
        XML;

        static Format parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CommandFailure.usage("--output takes text, json or xml, not " + text);
            }
        }
    }

    final PrintWriter out;
    final Format format;

    Output(PrintWriter out, Format format) {
        this.out = out;
        this.format = format;
    }

    boolean text() {
        return format == Format.TEXT;
    }

    /** Prints {@code value} as indented JSON. */
    void json(JsonNode value) {
        try {
            out.println(AdminApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The refusal of {@code --output xml} by a verb that has no XML form. */
    void noXml(String verb) {
        if (format == Format.XML) {
            throw CommandFailure.usage(verb + " has no XML form; use --output text or json");
        }
    }

    /** ENTSSO's closing line of a change. */
    void done() {
        if (format == Format.JSON) {
            out.println("{\"result\": \"The operation completed successfully.\"}");
        } else {
            out.println("The operation completed successfully.");
        }
    }
}
