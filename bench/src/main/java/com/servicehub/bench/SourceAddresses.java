package com.servicehub.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Spreads client connections over loopback source addresses 127.0.0.F, 127.0.0.F+1, ... so that
 * ephemeral ports never run out: a socket bound to an address before connecting takes its port
 * from that address's own pool (the kernel's ip_local_port_range, about 28,000 ports here).
 */
final class SourceAddresses {

    private static final int LOOPBACK = 127 << 24;

    private final int firstAddress;
    private final int perAddress;

    private SourceAddresses(int firstAddress, int perAddress) {
        this.firstAddress = firstAddress;
        this.perAddress = perAddress;
    }

    /** No binding: the kernel picks the source address (for targets that are not on loopback). */
    static SourceAddresses none() {
        return new SourceAddresses(0, Integer.MAX_VALUE);
    }

    /** 127.0.0.{firstHost}, then the next addresses, {@code perAddress} connections each. */
    static SourceAddresses loopback(int firstHost, int perAddress) {
        if (firstHost < 1 || perAddress < 1) {
            throw new IllegalArgumentException(
                    "bad source addresses: first host " + firstHost + ", " + perAddress + " per address");
        }
        return new SourceAddresses(LOOPBACK + firstHost, perAddress);
    }

    /** The ephemeral port range minus a margin, at most 50,000; 20,000 when it cannot be read. */
    static int defaultPerAddress() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim()
                    .split("\\s+");
            int size = Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
            return Math.max(1000, Math.min(50_000, size - 2000));
        } catch (IOException | RuntimeException e) {
            return 20_000;
        }
    }

    boolean binds() {
        return firstAddress != 0;
    }

    /** The local address connection i binds to, or null when not binding. */
    InetSocketAddress forConnection(int i) {
        if (!binds()) {
            return null;
        }
        return new InetSocketAddress(address(firstAddress + i / perAddress), 0);
    }

    String describe(int connections) {
        if (!binds() || connections == 0) {
            return "kernel-chosen source address";
        }
        int last = firstAddress + (connections - 1) / perAddress;
        String from = address(firstAddress).getHostAddress();
        String to = address(last).getHostAddress();
        return (from.equals(to) ? from : from + " to " + to) + " (up to " + ReportFormatter.count(perAddress)
                + " each)";
    }

    private static InetAddress address(int ipv4) {
        byte[] bytes = {(byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8), (byte) ipv4};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
