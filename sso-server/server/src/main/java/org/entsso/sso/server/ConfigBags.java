package org.entsso.sso.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.entsso.sso.SsoError;
import org.entsso.sso.SsoException;
import org.entsso.sso.transport.internal.JsonResponses;

/**
 * The one encoding of a config-store property bag (ENTSSO's {@code SetConfigInfo}/{@code GetConfigInfo}), shared by
 * the master secret server that encrypts it and the readers of {@link CredentialLookupService#getConfigInfo}: a JSON
 * object of property names to string values, names in sorted order, UTF-8 (sso-server/docs/api.md). The bag is one
 * encrypted value (see {@link ValueBindings#configItem}).
 *
 * <p>Stateless and thread-safe. Values are secrets: they never appear in an exception message.
 */
public final class ConfigBags {
    private ConfigBags() {}

    /**
     * Encodes {@code properties}; the caller owns the returned bytes and zeroes them when done.
     *
     * @throws SsoException INVALID_ARGUMENT for a null or empty name or a null value
     */
    public static byte[] encode(Map<String, String> properties) {
        SortedMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new SsoException(
                        SsoError.INVALID_ARGUMENT, "A config property needs a non-empty name and a value.");
            }
            sorted.put(e.getKey(), e.getValue());
        }
        JsonResponses.WipeableBuffer out = new JsonResponses.WipeableBuffer(256);
        try (JsonGenerator json = JsonResponses.JSON.createGenerator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                json.writeStringField(e.getKey(), e.getValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            out.wipe();
            throw new UncheckedIOException("encoding a property bag in memory failed", e);
        }
        byte[] bag = out.toByteArray();
        out.wipe();
        return bag;
    }

    /**
     * Decodes a bag written by {@link #encode}.
     *
     * @throws SsoException DECRYPTION_FAILED when the bytes are not such a bag (the value is not what was written)
     */
    public static SortedMap<String, String> decode(byte[] bag) {
        SortedMap<String, String> properties = new TreeMap<>();
        try (JsonParser json = JsonResponses.JSON.createParser(bag)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw notABag();
            }
            for (JsonToken t = json.nextToken(); t != JsonToken.END_OBJECT; t = json.nextToken()) {
                String name = json.currentName();
                if (t != JsonToken.FIELD_NAME || json.nextToken() != JsonToken.VALUE_STRING) {
                    throw notABag();
                }
                properties.put(name, json.getText());
            }
        } catch (IOException e) {
            throw notABag();
        }
        return properties;
    }

    private static SsoException notABag() {
        return new SsoException(SsoError.DECRYPTION_FAILED, "The config info is not a JSON property bag.");
    }
}
