package org.entsso.sso.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A bounds-checked big-endian reader over a byte array. Every read past the end throws {@link FormatException} naming
 * the field, so a truncated input can never be mistaken for a valid one. Not thread-safe.
 */
public final class ByteReader {
    private final byte[] data;
    private final int end;
    private int position;

    /** A reader over all of {@code data}. */
    public ByteReader(byte[] data) {
        this(data, 0, data.length);
    }

    /** A reader over {@code length} bytes of {@code data} from {@code offset}. */
    public ByteReader(byte[] data, int offset, int length) {
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    /** The current offset into the underlying array. */
    public int position() {
        return position;
    }

    /** Bytes left to read. */
    public int remaining() {
        return end - position;
    }

    private int take(int count, String field) {
        if (count < 0 || count > remaining()) {
            throw new FormatException("truncated at " + field);
        }
        int at = position;
        position += count;
        return at;
    }

    /** One unsigned byte. */
    public int u8(String field) {
        return data[take(1, field)] & 0xFF;
    }

    /** An unsigned 16-bit integer. */
    public int u16(String field) {
        int at = take(2, field);
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    /** A signed 32-bit integer. */
    public int i32(String field) {
        int at = take(4, field);
        return ((data[at] & 0xFF) << 24)
                | ((data[at + 1] & 0xFF) << 16)
                | ((data[at + 2] & 0xFF) << 8)
                | (data[at + 3] & 0xFF);
    }

    /** A signed 64-bit integer. */
    public long i64(String field) {
        return ((long) i32(field) << 32) | (i32(field) & 0xFFFFFFFFL);
    }

    /** A copy of the next {@code count} bytes. */
    public byte[] bytes(int count, String field) {
        int at = take(count, field);
        byte[] out = new byte[count];
        System.arraycopy(data, at, out, 0, count);
        return out;
    }

    /** A UUID as two big-endian longs. */
    public UUID uuid(String field) {
        return new UUID(i64(field), i64(field));
    }

    /** The next {@code count} bytes decoded as UTF-8. */
    public String utf8(int count, String field) {
        int at = take(count, field);
        return new String(data, at, count, StandardCharsets.UTF_8);
    }

    /** Fails unless every byte was consumed: trailing garbage is a format error too. */
    public void expectEnd(String what) {
        if (remaining() != 0) {
            throw new FormatException("unexpected bytes after " + what);
        }
    }
}
