package org.entsso.sso.transport.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.entsso.sso.crypto.Keyring;
import org.entsso.sso.crypto.KeyringEncoding;
import org.entsso.sso.crypto.SecretInfo;

/**
 * The keyring response body, format 1 (sso-server/docs/transport.md):
 *
 * <pre>
 * {"format": 1, "epoch": 7, "currentMsid": "&lt;uuid&gt;",
 *  "secrets": [{"msid": "&lt;uuid&gt;", "created": "&lt;ISO-8601 instant&gt;"}, ...],   current first
 *  "keyring": "&lt;base64 of KeyringEncoding: 1 | count | count x (MSID | created-ms | key)&gt;"}
 * </pre>
 *
 * The clear fields let an operator read a captured response's metadata without the keys and let the client check that
 * they agree with the encoded keyring. Key bytes are base64-encoded straight into a wipeable buffer and decoded straight
 * into a byte array that is zeroed after use. Stateless.
 */
public final class KeyringWire {
    /** The format version this code writes and reads. */
    public static final int FORMAT = 1;

    private KeyringWire() {}

    /** The body for {@code keyring} at {@code epoch}; the caller wipes the buffer after sending it. */
    public static JsonResponses.WipeableBuffer write(Keyring keyring, long epoch) throws IOException {
        JsonResponses.WipeableBuffer out = new JsonResponses.WipeableBuffer(1024);
        byte[] encoded = KeyringEncoding.encode(keyring);
        try (JsonGenerator json = JsonResponses.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("format", FORMAT);
            json.writeNumberField("epoch", epoch);
            json.writeStringField("currentMsid", keyring.current().msid().toString());
            json.writeArrayFieldStart("secrets");
            for (SecretInfo secret : keyring.secrets()) {
                json.writeStartObject();
                json.writeStringField("msid", secret.msid().toString());
                json.writeStringField("created", secret.created().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName("keyring");
            json.writeBinary(encoded);
            json.writeEndObject();
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
        return out;
    }

    /** A parsed body: the keyring (owned by the caller) and the epoch. */
    public record Parsed(Keyring keyring, long epoch) {}

    /**
     * Parses a body. Throws {@link Malformed} naming the first field that is missing, malformed or
     * inconsistent (never its content); {@code body} is left for the caller to wipe.
     */
    public static Parsed read(byte[] body) {
        long epoch = -1;
        int format = -1;
        UUID currentMsid = null;
        List<SecretInfo> secrets = null;
        byte[] encoded = null;
        try (JsonParser json = JsonResponses.JSON.createParser(body)) {
            expect(json.nextToken() == JsonToken.START_OBJECT, "the body");
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.getCurrentName();
                json.nextToken();
                switch (field) {
                    case "format" -> format = json.getIntValue();
                    case "epoch" -> epoch = json.getLongValue();
                    case "currentMsid" -> currentMsid = UUID.fromString(json.getText());
                    case "secrets" -> secrets = readSecrets(json);
                    case "keyring" -> encoded = json.getBinaryValue();
                    default -> json.skipChildren();
                }
            }
            expect(format == FORMAT, "format");
            expect(epoch >= 0, "epoch");
            expect(currentMsid != null, "currentMsid");
            expect(secrets != null, "secrets");
            expect(encoded != null, "keyring");
            Keyring keyring = decode(encoded);
            if (!keyring.current().msid().equals(currentMsid)
                    || !keyring.secrets().equals(secrets)) {
                keyring.close();
                throw new Malformed("the clear MSIDs and times disagree with the encoded keyring");
            }
            return new Parsed(keyring, epoch);
        } catch (Malformed e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Jackson's and UUID's messages may quote the input; name the failure without them.
            throw new Malformed("the body is not a keyring response of format " + FORMAT + " ("
                    + e.getClass().getSimpleName() + ")");
        } finally {
            if (encoded != null) {
                Arrays.fill(encoded, (byte) 0);
            }
        }
    }

    private static List<SecretInfo> readSecrets(JsonParser json) throws IOException {
        expect(json.currentToken() == JsonToken.START_ARRAY, "secrets");
        List<SecretInfo> out = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_OBJECT) {
            UUID msid = null;
            Instant created = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.getCurrentName();
                json.nextToken();
                switch (field) {
                    case "msid" -> msid = UUID.fromString(json.getText());
                    case "created" -> created = Instant.parse(json.getText());
                    default -> json.skipChildren();
                }
            }
            expect(msid != null && created != null, "secrets");
            out.add(new SecretInfo(msid, created));
        }
        return out;
    }

    private static Keyring decode(byte[] encoded) {
        try {
            return KeyringEncoding.decode(encoded);
        } catch (IllegalArgumentException e) {
            // KeyringEncoding names the field, never its content.
            throw new Malformed("the field keyring is " + e.getMessage());
        }
    }

    private static void expect(boolean condition, String field) {
        if (!condition) {
            throw new Malformed("the field " + field + " is missing or malformed");
        }
    }

    /** A body that is not a format-1 keyring response; the message names a field, never a value. */
    public static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }
}
