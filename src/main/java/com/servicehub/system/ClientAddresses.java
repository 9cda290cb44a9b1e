package com.servicehub.system;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The address of the client behind a request, for per-address limits such as the login
 * throttle. {@code X-Forwarded-For} is believed only when the peer that connected is one of the
 * configured proxies ({@code TRUSTED_PROXIES}); then the client is the right-most address in it
 * that is not itself a trusted proxy. Anyone else could write any address into that header, so
 * from anyone else the header is ignored and the peer's own address counts.
 */
@Component
public class ClientAddresses {

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<Network> trusted;

    ClientAddresses(Settings settings) {
        this.trusted = settings.trustedProxies().stream()
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .map(Network::parse)
                .toList();
    }

    /** @param trustedProxies addresses or CIDR ranges of the proxies in front of the service, e.g. {@code 10.0.0.0/8} */
    @ConfigurationProperties("servicehub.web")
    record Settings(@DefaultValue List<String> trustedProxies) {}

    public String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        if (peer == null) {
            return "unknown";
        }
        if (!isTrusted(peer)) {
            return peer.getHostAddress();
        }
        List<String> hops = request.getHeaders().getValuesAsList(FORWARDED_FOR);
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                // Not an address: the chain cannot be followed past it; what came in through the proxies is all we
                // know.
                break;
            }
            if (!isTrusted(hop)) {
                return hop.getHostAddress();
            }
            peer = hop;
        }
        return peer.getHostAddress();
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(network -> network.contains(address));
    }

    /** An IP literal, or null; never a DNS lookup. */
    private static InetAddress literal(String text) {
        String value = text.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty()
                || !(value.contains(":") || value.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            return null;
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException ex) {
            return null;
        }
    }

    private record Network(byte[] address, int prefix) {

        static Network parse(String entry) {
            int slash = entry.indexOf('/');
            InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: not an IP address or CIDR range: " + entry);
            }
            int bits = address.getAddress().length * 8;
            int prefix = slash < 0
                    ? bits
                    : Integer.parseInt(entry.substring(slash + 1).strip());
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("TRUSTED_PROXIES: prefix out of range: " + entry);
            }
            return new Network(address.getAddress(), prefix);
        }

        boolean contains(InetAddress candidate) {
            byte[] other = candidate.getAddress();
            if (other.length != address.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (other[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (other[whole] & mask) == (address[whole] & mask);
        }
    }
}
