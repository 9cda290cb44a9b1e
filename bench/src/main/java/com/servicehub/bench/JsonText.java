package com.servicehub.bench;

/**
 * Reads single string fields out of REST responses (ids, tokens) and quotes strings for request
 * bodies, so that the setup code needs no JSON library. It finds the first occurrence of a key,
 * which suits the contract's responses: {@code "id"} of a login answer is the user's.
 */
final class JsonText {

    private JsonText() {}

    /** The first string value of {@code name}, unescaped, or null. */
    static String string(String json, String name) {
        String key = "\"" + name + "\"";
        int from = 0;
        while (true) {
            int at = json.indexOf(key, from);
            if (at < 0) {
                return null;
            }
            int i = skipSpaces(json, at + key.length());
            if (i < json.length() && json.charAt(i) == ':') {
                i = skipSpaces(json, i + 1);
                if (i < json.length() && json.charAt(i) == '"') {
                    return readString(json, i + 1);
                }
                return null;
            }
            from = at + 1;
        }
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String readString(String json, int start) {
        StringBuilder out = new StringBuilder();
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\' && i + 1 < json.length()) {
                char e = json.charAt(++i);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (i + 4 < json.length()) {
                            out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                            i += 4;
                        }
                    }
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        return null;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
