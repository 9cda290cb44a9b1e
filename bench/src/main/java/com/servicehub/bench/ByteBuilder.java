package com.servicehub.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array for building payloads without a String per event. */
final class ByteBuilder {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;

    ByteBuilder(int capacity) {
        bytes = new byte[capacity];
    }

    ByteBuilder reset() {
        length = 0;
        return this;
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, length);
    }

    ByteBuilder append(byte[] src) {
        return append(src, 0, src.length);
    }

    ByteBuilder append(byte[] src, int offset, int count) {
        ensure(count);
        System.arraycopy(src, offset, bytes, length, count);
        length += count;
        return this;
    }

    ByteBuilder append(byte b) {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    /** ASCII text only (ids, numbers, field names): one byte per char. */
    ByteBuilder ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    ByteBuilder decimal(long value) {
        return ascii(Long.toString(value));
    }

    /** Lower-case hex of the low {@code digits * 4} bits, zero-padded to exactly {@code digits}. */
    ByteBuilder hex(long value, int digits) {
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            bytes[length + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        length += digits;
        return this;
    }

    /** Decimal zero-padded to exactly {@code digits} (value must fit). */
    ByteBuilder padded(long value, int digits) {
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            bytes[length + i] = (byte) ('0' + (value % 10));
            value /= 10;
        }
        length += digits;
        return this;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }
}
