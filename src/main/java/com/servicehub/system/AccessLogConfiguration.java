package com.servicehub.system;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import reactor.netty.http.server.logging.AccessLog;
import reactor.netty.http.server.logging.AccessLogArgProvider;

/**
 * The HTTP access log ({@code ACCESS_LOG=true}), one line per request under the logger
 * {@code reactor.netty.http.server.AccessLog}. Browsers pass the WebSocket token as
 * {@code ?token=}, so secret-looking parameters are always redacted; the same format replaces
 * Reactor Netty's own, even when that is switched on with its system property.
 *
 * <p>A parameter is secret when its name, percent-decoded (repeatedly, so {@code %2574oken} too)
 * and in any case, contains {@code token}, {@code password} or {@code secret}: in the query
 * (parameters separated by {@code &} or {@code ;}) and in the path's matrix parameters
 * ({@code /ws;token=…}). Its value is replaced up to the next separator, whatever it holds.
 */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

    static final String REDACTED = "[redacted]";
    private static final List<String> SECRET_NAMES = List.of("token", "password", "secret");
    /** Decoding stops after this many rounds; a name encoded deeper is redacted all the same. */
    private static final int MAX_DECODING_ROUNDS = 4;

    @Bean
    NettyServerCustomizer redactedAccessLog(@Value("${servicehub.access-log.enabled:false}") boolean enabled) {
        boolean on = enabled || Boolean.getBoolean("reactor.netty.http.server.accessLogEnabled");
        return server -> server.accessLog(on, AccessLogConfiguration::line);
    }

    private static AccessLog line(AccessLogArgProvider request) {
        return AccessLog.create(
                "{} - \"{} {} {}\" {} {} {}ms",
                request.remoteAddress(),
                request.method(),
                redact(request.uri()),
                request.protocol(),
                request.status(),
                request.contentLength(),
                request.duration());
    }

    static String redact(CharSequence uri) {
        if (uri == null) {
            return "-";
        }
        String text = uri.toString();
        int query = text.indexOf('?');
        int fragment = text.indexOf('#', query < 0 ? 0 : query);
        int pathEnd = query >= 0 ? query : fragment >= 0 ? fragment : text.length();
        StringBuilder out = new StringBuilder(text.length());
        // The path: each segment's matrix parameters follow a ';' and end at the next ';' or '/'.
        redactParameters(text, 0, pathEnd, ";", ";/", false, out);
        if (query >= 0) {
            int queryEnd = fragment >= 0 ? fragment : text.length();
            out.append('?');
            redactParameters(text, query + 1, queryEnd, "&;", "&;", true, out);
        }
        if (fragment >= 0) {
            out.append(text, fragment, text.length());
        }
        return out.toString();
    }

    /**
     * Copies {@code text[from, to)}, redacting the value of each secret parameter. A parameter
     * starts after one of {@code starts} (or at {@code from} when {@code startsAtFrom}) and ends
     * before one of {@code ends}.
     */
    private static void redactParameters(
            String text, int from, int to, String starts, String ends, boolean startsAtFrom, StringBuilder out) {
        int i = from;
        boolean atStart = startsAtFrom;
        while (i < to) {
            if (!atStart) {
                char c = text.charAt(i);
                out.append(c);
                i++;
                atStart = starts.indexOf(c) >= 0;
                continue;
            }
            atStart = false;
            int end = i;
            while (end < to && ends.indexOf(text.charAt(end)) < 0) {
                end++;
            }
            int equals = text.indexOf('=', i);
            if (equals >= 0 && equals < end && isSecret(text.substring(i, equals))) {
                out.append(text, i, equals + 1).append(REDACTED);
            } else {
                out.append(text, i, end);
            }
            i = end;
            // The separator itself is copied by the next round, which then starts a parameter.
        }
    }

    private static boolean isSecret(String encodedName) {
        String name = encodedName;
        for (int round = 0; ; round++) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (SECRET_NAMES.stream().anyMatch(lower::contains)) {
                return true;
            }
            String decoded = percentDecode(name);
            if (decoded.equals(name)) {
                return false;
            }
            if (round == MAX_DECODING_ROUNDS) {
                // Encoded deeper than any client would: whatever it hides, do not print it.
                return true;
            }
            name = decoded;
        }
    }

    /** Percent-decodes as UTF-8; a '%' not followed by two hex digits stays as it is. */
    private static String percentDecode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (c == '%' && high >= 0 && low >= 0) {
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
