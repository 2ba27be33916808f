package org.entsso.sso.crypto.internal;

import java.util.Arrays;
import java.util.UUID;

/**
 * A growable big-endian writer, the counterpart of {@link ByteReader}. {@link #wipe()} clears its buffer when it held
 * key material. Not thread-safe.
 */
public final class ByteWriter {
    private byte[] buffer;
    private int size;

    /** A writer whose buffer starts at {@code initialCapacity} bytes. */
    public ByteWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            byte[] bigger = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            Arrays.fill(buffer, (byte) 0);
            buffer = bigger;
        }
    }

    /** Appends the low byte of {@code value}. */
    public ByteWriter u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    /** Appends the low 16 bits of {@code value}. */
    public ByteWriter u16(int value) {
        return u8(value >>> 8).u8(value);
    }

    /** Appends a 32-bit integer. */
    public ByteWriter i32(int value) {
        return u8(value >>> 24).u8(value >>> 16).u8(value >>> 8).u8(value);
    }

    /** Appends a 64-bit integer. */
    public ByteWriter i64(long value) {
        return i32((int) (value >>> 32)).i32((int) value);
    }

    /** Appends a UUID as two big-endian longs. */
    public ByteWriter uuid(UUID value) {
        return i64(value.getMostSignificantBits()).i64(value.getLeastSignificantBits());
    }

    /** Appends all of {@code value}. */
    public ByteWriter bytes(byte[] value) {
        return bytes(value, 0, value.length);
    }

    /** Appends {@code length} bytes of {@code value} from {@code offset}. */
    public ByteWriter bytes(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, buffer, size, length);
        size += length;
        return this;
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** Zeroes the internal buffer. */
    public void wipe() {
        Arrays.fill(buffer, (byte) 0);
        size = 0;
    }
}
