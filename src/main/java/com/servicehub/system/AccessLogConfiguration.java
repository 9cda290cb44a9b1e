package com.servicehub.system;

import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import reactor.netty.http.server.logging.AccessLog;
import reactor.netty.http.server.logging.AccessLogArgProvider;

/**
 * The HTTP access log ({@code ACCESS_LOG=true}), one line per request under the logger
 * {@code reactor.netty.http.server.AccessLog}. Browsers pass the WebSocket token as
 * {@code ?token=}, so the query value is always redacted; the same format replaces Reactor
 * Netty's own, even when that is switched on with its system property.
 */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&](?:token|access_token)=)[^&#]*");

    @Bean
    NettyServerCustomizer redactedAccessLog(@Value("${servicehub.access-log.enabled:false}") boolean enabled) {
        boolean on = enabled || Boolean.getBoolean("reactor.netty.http.server.accessLogEnabled");
        return server -> server.accessLog(on, AccessLogConfiguration::line);
    }

    private static AccessLog line(AccessLogArgProvider request) {
        return AccessLog.create("{} - \"{} {} {}\" {} {} {}ms", request.remoteAddress(), request.method(),
                redact(request.uri()), request.protocol(), request.status(), request.contentLength(), request.duration());
    }

    static String redact(CharSequence uri) {
        return uri == null ? "-" : SECRET_PARAMETER.matcher(uri).replaceAll("$1[redacted]");
    }
}
