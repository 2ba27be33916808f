package org.entsso.sso.mss;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.transport.Exchange;
import org.entsso.sso.transport.internal.JsonResponses;

/**
 * The JSON bodies of the secret endpoints (sso-server/docs/api.md). Requests: {@code {"password", "reminder"}} or
 * {@code {"password", "backup"}}; the password is read straight into a {@code char[]} (never a {@code String}) and the
 * body bytes are zeroed. Stateless.
 */
final class SecretJson {
    private SecretJson() {}

    /** A parsed request; {@link #wipe()} clears the password and the backup bytes. */
    record Request(char[] password, String reminder, byte[] backup) {
        void wipe() {
            Arrays.fill(password, '\0');
            if (backup != null) {
                Arrays.fill(backup, (byte) 0);
            }
        }

        @Override
        public String toString() {
            return "Request[password=<redacted>, backup=" + (backup == null ? "none" : backup.length + " bytes") + "]";
        }
    }

    /** Parses and zeroes {@code body}. */
    static Request readRequest(byte[] body, boolean reminderAllowed) {
        char[] password = null;
        String reminder = null;
        byte[] backup = null;
        try (JsonParser p = JsonResponses.JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("The request body must be a JSON object.");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (value != JsonToken.VALUE_STRING) {
                    throw invalid("\"" + field + "\" must be a string.");
                }
                switch (field) {
                    case "password" ->
                        password = Arrays.copyOfRange(
                                p.getTextCharacters(), p.getTextOffset(), p.getTextOffset() + p.getTextLength());
                    case "reminder" -> reminder = reminderAllowed ? p.getText() : null;
                    case "backup" -> backup = base64(p.getText());
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw invalid("The request body is not valid JSON.");
        } catch (IOException e) {
            throw invalid("The request body cannot be read.");
        } finally {
            Arrays.fill(body, (byte) 0);
        }
        if (password == null) {
            if (backup != null) {
                Arrays.fill(backup, (byte) 0);
            }
            throw invalid("The request needs \"password\".");
        }
        return new Request(password, reminder, backup);
    }

    static void sendStatus(Exchange exchange, SecretStatus status) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JsonResponses.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("currentMsid", status.currentMsid().toString());
            json.writeStringField("currentCreated", status.currentCreated().toString());
            json.writeStringField(
                    "previousMsid", status.previousMsid().map(UUID::toString).orElse(null));
            json.writeStringField(
                    "lastBackup", status.lastBackupAt().map(Object::toString).orElse(null));
            if (status.backupWarning().isPresent()) {
                json.writeObjectFieldStart("backupWarning");
                json.writeNumberField("code", SsoError.SECRET_NOT_BACKED_UP.code());
                json.writeStringField("message", status.backupWarning().get());
                json.writeEndObject();
            } else {
                json.writeNullField("backupWarning");
            }
            json.writeObjectFieldStart("reencryption");
            json.writeStringField("state", status.reencryptionState());
            json.writeStringField(
                    "sourceMsid",
                    status.reencryptionSource().map(UUID::toString).orElse(null));
            json.writeNumberField("remaining", status.remaining());
            json.writeEndObject();
            json.writeNumberField("epoch", status.epoch());
            json.writeEndObject();
        }
        JsonResponses.send(exchange, 200, out.toByteArray());
    }

    static void sendBackup(Exchange exchange, SecretBackup backup) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JsonResponses.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("msid", backup.msid().toString());
            json.writeStringField("backup", Base64.getEncoder().encodeToString(backup.backup()));
            json.writeEndObject();
        }
        JsonResponses.send(exchange, 200, out.toByteArray());
    }

    static void sendMsid(Exchange exchange, UUID msid) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JsonResponses.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("msid", msid.toString());
            json.writeEndObject();
        }
        JsonResponses.send(exchange, 200, out.toByteArray());
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new SsoException(SsoError.BACKUP_FILE_FORMAT, "The backup is not Base64.");
        }
    }

    private static SsoException invalid(String why) {
        return new SsoException(SsoError.INVALID_ARGUMENT, why);
    }
}
