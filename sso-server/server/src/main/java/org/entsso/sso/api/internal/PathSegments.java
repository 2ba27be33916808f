package org.entsso.sso.api.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;

/**
 * Splits raw (still percent-encoded) paths and queries and decodes each part strictly as UTF-8, so that
 * {@code DOMAIN%5Cuser} is one segment {@code DOMAIN\\user} and an encoded slash stays inside its segment. A bad escape
 * or invalid UTF-8 is INVALID_ARGUMENT (400), never a 500. Stateless.
 */
public final class PathSegments {
    private PathSegments() {}

    /** The decoded segments of a raw path: {@code /v1/a%20b/} gives {@code [v1, a b]}; empty segments are kept. */
    public static List<String> of(String rawPath) {
        List<String> out = new ArrayList<>();
        String trimmed = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (trimmed.isEmpty()) {
            return out;
        }
        for (String raw : trimmed.split("/", -1)) {
            out.add(decode(raw, false));
        }
        return out;
    }

    /** The decoded parameters of a raw query ({@code +} is a space, as in forms); the first value of a name wins. */
    public static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            out.putIfAbsent(name, value);
        }
        return out;
    }

    /** Percent-decodes one part. */
    static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw bad(raw);
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw bad(raw);
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                int codePoint = raw.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw bad(raw);
        }
    }

    private static SsoException bad(String raw) {
        return new SsoException(
                SsoError.INVALID_ARGUMENT, "The path or query has a bad percent-encoding near '" + shorten(raw) + "'");
    }

    private static String shorten(String raw) {
        return raw.length() <= 64 ? raw : raw.substring(0, 64) + "...";
    }
}
