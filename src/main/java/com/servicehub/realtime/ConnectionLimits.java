package com.servicehub.realtime;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many sockets one user and one client address hold on this node, and the caps on both, so
 * that one account or one host cannot take a node's connections for itself. A cap of 0 is no cap.
 */
final class ConnectionLimits {

    /** Why a socket was refused; the value is the metric label. */
    enum Refusal {
        USER("too_many_connections_user"),
        ADDRESS("too_many_connections_address");

        final String label;

        Refusal(String label) {
            this.label = label;
        }
    }

    private final int perUser;
    private final int perAddress;
    private final ConcurrentHashMap<UUID, Integer> byUser = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> byAddress = new ConcurrentHashMap<>();

    ConnectionLimits(int perUser, int perAddress) {
        this.perUser = perUser;
        this.perAddress = perAddress;
    }

    /** Counts a new socket of {@code user} from {@code address}; null when it fits, else why not. */
    Refusal acquire(UUID user, String address) {
        if (!acquire(byUser, user, perUser)) {
            return Refusal.USER;
        }
        if (!acquire(byAddress, address, perAddress)) {
            release(byUser, user, perUser);
            return Refusal.ADDRESS;
        }
        return null;
    }

    /** Gives back what {@link #acquire} counted. */
    void release(UUID user, String address) {
        release(byUser, user, perUser);
        release(byAddress, address, perAddress);
    }

    private static <K> boolean acquire(ConcurrentHashMap<K, Integer> counts, K key, int max) {
        if (max <= 0 || key == null) {
            return true;
        }
        boolean[] fits = new boolean[1];
        counts.compute(key, (k, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            fits[0] = true;
            return current + 1;
        });
        return fits[0];
    }

    private static <K> void release(ConcurrentHashMap<K, Integer> counts, K key, int max) {
        if (max > 0 && key != null) {
            counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
        }
    }
}
