package com.servicehub.bench;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Finds JSON fields in a frame's bytes without parsing the frame: the receive path handles up to
 * a hundred thousand frames a second on cores it shares with the server, so it looks only for the
 * few keys it needs. Good enough for the flat, machine-written frames of the contract; it is not
 * a JSON parser (it does not track nesting, and a key is recognised wherever it occurs).
 */
final class FrameScan {

    private FrameScan() {}

    static byte[] key(String name) {
        return ("\"" + name + "\"").getBytes(StandardCharsets.US_ASCII);
    }

    /** Index of the first byte of the value of a key given as {@link #key}, or -1. */
    static int valueIndex(ByteBuf buf, byte[] quotedKey) {
        int end = buf.writerIndex();
        int from = buf.readerIndex();
        while (true) {
            int at = indexOf(buf, quotedKey, from, end);
            if (at < 0) {
                return -1;
            }
            int i = skipSpaces(buf, at + quotedKey.length, end);
            if (i < end && buf.getByte(i) == ':') {
                i = skipSpaces(buf, i + 1, end);
                return i < end ? i : -1;
            }
            from = at + 1;
        }
    }

    static int indexOf(ByteBuf buf, byte[] pattern, int from, int end) {
        byte first = pattern[0];
        int last = end - pattern.length;
        int i = from;
        while (i <= last) {
            int at = buf.indexOf(i, last + 1, first);
            if (at < 0) {
                return -1;
            }
            if (startsWith(buf, at, pattern)) {
                return at;
            }
            i = at + 1;
        }
        return -1;
    }

    static boolean startsWith(ByteBuf buf, int index, byte[] expected) {
        if (index < 0 || index + expected.length > buf.writerIndex()) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (buf.getByte(index + k) != expected[k]) {
                return false;
            }
        }
        return true;
    }

    /** {@code digits} hex digits from index as a number, or -1 when one is not a hex digit. */
    static long hex(ByteBuf buf, int index, int digits) {
        if (index < 0 || index + digits > buf.writerIndex()) {
            return -1;
        }
        long value = 0;
        for (int k = 0; k < digits; k++) {
            int d = Character.digit(buf.getByte(index + k), 16);
            if (d < 0) {
                return -1;
            }
            value = (value << 4) | d;
        }
        return value;
    }

    /**
     * The fractional part of a non-negative decimal number at index, in millionths, rounded
     * half up at the seventh digit; -1 when no number starts there. "1.5" gives 500000, "1" 0.
     */
    static long micros(ByteBuf buf, int index) {
        int end = buf.writerIndex();
        int i = index;
        if (i >= end || !isDigit(buf.getByte(i))) {
            return -1;
        }
        while (i < end && isDigit(buf.getByte(i))) {
            i++;
        }
        if (i >= end || buf.getByte(i) != '.') {
            return 0;
        }
        i++;
        long value = 0;
        int digits = 0;
        while (i < end && isDigit(buf.getByte(i)) && digits < 6) {
            value = value * 10 + (buf.getByte(i) - '0');
            digits++;
            i++;
        }
        for (; digits < 6; digits++) {
            value *= 10;
        }
        if (i < end && isDigit(buf.getByte(i)) && buf.getByte(i) >= '5') {
            value = Math.min(value + 1, 999_999);
        }
        return value;
    }

    /** The string value of a key (no unescaping), or null; for the rare, non-hot frames. */
    static String string(ByteBuf buf, byte[] quotedKey) {
        int at = valueIndex(buf, quotedKey);
        if (at < 0 || buf.getByte(at) != '"') {
            return null;
        }
        int close = buf.indexOf(at + 1, buf.writerIndex(), (byte) '"');
        return close < 0 ? null : buf.toString(at + 1, close - at - 1, StandardCharsets.UTF_8);
    }

    private static int skipSpaces(ByteBuf buf, int i, int end) {
        while (i < end) {
            byte b = buf.getByte(i);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
