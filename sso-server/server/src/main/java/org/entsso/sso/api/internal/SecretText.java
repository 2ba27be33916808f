package org.entsso.sso.api.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Moves secret values between JSON text and UTF-8 byte arrays without making a {@link String} of them (a String
 * cannot be zeroed; DESIGN.md decision 12): every intermediate array is zeroed before returning. Stateless.
 */
public final class SecretText {
    private SecretText() {}

    /** The UTF-8 bytes of the string token the parser is on; the caller owns and zeroes them. */
    public static byte[] utf8OfCurrentString(JsonParser parser) throws IOException {
        char[] text = parser.getTextCharacters();
        CharBuffer chars = CharBuffer.wrap(text, parser.getTextOffset(), parser.getTextLength());
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(chars);
        } catch (CharacterCodingException e) {
            throw Json.invalid("A credential field is not valid Unicode text");
        }
        byte[] out = new byte[encoded.remaining()];
        encoded.get(out);
        Arrays.fill(encoded.array(), (byte) 0);
        return out;
    }

    /** Writes {@code utf8} as a JSON string value; zeroes the decoded characters afterwards (not {@code utf8}). */
    public static void writeString(JsonGenerator json, byte[] utf8) throws IOException {
        CharBuffer decoded = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(ByteBuffer.wrap(utf8));
        try {
            json.writeString(decoded.array(), decoded.arrayOffset() + decoded.position(), decoded.remaining());
        } finally {
            Arrays.fill(decoded.array(), '\0');
        }
    }
}
