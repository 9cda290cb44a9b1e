package com.servicehub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;

/** Two nodes on a Redis Cluster of three masters ({@code REDIS_URL=redis-cluster://...}). */
class RedisClusterTests extends RedisTopologyAcceptance {

    static List<RedisServer> servers;
    static ClusterNodes cluster;

    @BeforeAll
    static void start() {
        servers = RedisServer.cluster(3);
        String seeds = servers.stream()
                .limit(2)
                .map(server -> "127.0.0.1:" + server.port())
                .collect(Collectors.joining(","));
        cluster = ClusterNodes.start("", 2, Map.of("REDIS_URL", "redis-cluster://" + seeds));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        servers.forEach(RedisServer::close);
    }

    @Override
    ClusterNodes cluster() {
        return cluster;
    }

    @Test
    void aRoomsKeysShareOneSlotSoItsScriptsRunOnOneNode() {
        for (String room : List.of("booking:" + java.util.UUID.randomUUID(), "user:" + java.util.UUID.randomUUID())) {
            List<String> keys = List.of(RedisScripts.keys(room));
            assertThat(keys.stream().map(SlotHash::getSlot).distinct())
                    .as("%s", keys)
                    .hasSize(1);
        }
        // Many rooms are spread over every master.
        RedisClusterClient client =
                RedisClusterClient.create("redis://127.0.0.1:" + servers.get(0).port());
        try {
            var partitions = client.getPartitions();
            assertThat(java.util.stream.IntStream.range(0, 64)
                            .mapToObj(i -> partitions
                                    .getPartitionBySlot(SlotHash.getSlot(RedisScripts.keys("user:" + i)[0]))
                                    .getNodeId())
                            .distinct())
                    .hasSize(3);
        } finally {
            client.shutdown();
        }
    }
}
