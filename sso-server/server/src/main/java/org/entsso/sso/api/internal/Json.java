package org.entsso.sso.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/**
 * The API's JSON: one configured mapper (duplicate keys and trailing content are errors), and checks that turn a
 * malformed body or a missing field into INVALID_ARGUMENT (400) naming the field or the position, never quoting the
 * body, which may hold a secret. Thread-safe: the mapper is configured once.
 */
public final class Json {
    /** Thread-safe once configured. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /** The body as a JSON object. */
    public static JsonNode object(byte[] body, int length) {
        if (length == 0) {
            throw invalid("The request needs a JSON body");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body, 0, length);
        } catch (JsonProcessingException e) {
            throw invalid("The request body is not valid JSON" + at(e.getLocation()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw invalid("The request body must be a JSON object");
        }
        return node;
    }

    /** A parser over the body for fields that must not become Strings (credentials). */
    public static JsonParser parser(byte[] body, int length) throws IOException {
        return MAPPER.getFactory().createParser(body, 0, length);
    }

    /** A generator writing UTF-8 to {@code out}. */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return MAPPER.getFactory().createGenerator(out);
    }

    /** A required non-blank string member. */
    public static String text(JsonNode object, String field) {
        return optionalText(object, field).orElseThrow(() -> invalid("The field \"" + field + "\" is required"));
    }

    /** An optional string member: absent or null is empty; another type is an error. */
    public static Optional<String> optionalText(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid("The field \"" + field + "\" must be a string");
        }
        return value.asText().isBlank() ? Optional.empty() : Optional.of(value.asText());
    }

    /** A required non-empty array of non-blank strings (a single string is taken as a one-element list). */
    public static List<String> texts(JsonNode object, String field) {
        JsonNode value = object.get(field);
        List<String> out = new ArrayList<>();
        if (value != null && value.isTextual() && !value.asText().isBlank()) {
            out.add(value.asText());
        } else if (value != null && value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual() || item.asText().isBlank()) {
                    throw invalid("The field \"" + field + "\" must list non-empty strings");
                }
                out.add(item.asText());
            }
        }
        if (out.isEmpty()) {
            throw invalid("The field \"" + field + "\" is required: a list of account names");
        }
        return out;
    }

    /** An optional integer member within {@code min..max}: absent or null is empty; anything else is an error. */
    public static Optional<Integer> optionalInt(JsonNode object, String field, long min, long max) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max || !value.canConvertToLong()) {
            throw invalid("The field \"" + field + "\" must be a whole number from " + min + " to " + max);
        }
        return Optional.of((int) value.asLong());
    }

    /** An optional boolean member: absent or null is empty; another type is an error. */
    public static Optional<Boolean> optionalBoolean(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw invalid("The field \"" + field + "\" must be true or false");
        }
        return Optional.of(value.asBoolean());
    }

    /** An optional list of account names (see {@link #texts}): absent or null is empty. */
    public static Optional<List<String>> optionalTexts(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(texts(object, field));
    }

    /** Refuses members other than {@code known}: a misspelt member must not be ignored silently. */
    public static void onlyKnown(JsonNode object, java.util.Set<String> known) {
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw invalid("Unknown field \"" + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
                        + "\"; the fields are " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        });
    }

    /** The request's JSON object body, the buffer wiped after parsing. */
    public static JsonNode body(ApiRequest request) throws IOException {
        org.entsso.sso.transport.internal.JsonResponses.WipeableBuffer body = request.body();
        try {
            return object(body.array(), body.size());
        } finally {
            body.wipe();
        }
    }

    /** A JSON-position suffix for an error message. */
    public static String at(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** A member name or value cut to 40 characters for an error message. */
    public static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** INVALID_ARGUMENT with {@code detail}. */
    public static SsoException invalid(String detail) {
        return new SsoException(SsoError.INVALID_ARGUMENT, detail);
    }
}
