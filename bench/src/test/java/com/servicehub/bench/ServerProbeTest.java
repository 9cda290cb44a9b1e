package com.servicehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServerProbeTest {

    @Test
    void readsG1HeapInfo() {
        String g1 = """
                12345:
                 garbage-first heap   total 262144K, used 23456K [0x0000000700000000, 0x0000000800000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 51234K, committed 51712K, reserved 1097728K
                  class space    used 6789K, committed 7040K, reserved 1048576K
                """;
        assertEquals(23456, ServerProbe.heapUsedKb(g1));
    }

    @Test
    void addsYoungAndOldForParallel() {
        String parallel = """
                12345:
                 PSYoungGen      total 76288K, used 3932K [0x000000076b400000, 0x0000000770900000, 0x00000007c0000000)
                  eden space 65536K, 6% used [0x000000076b400000,0x000000076b7d7250,0x000000076f400000)
                 ParOldGen       total 175104K, used 1000K [0x00000006c1c00000, 0x00000006cc700000, 0x000000076b400000)
                 Metaspace       used 3000K, committed 3200K, reserved 1056768K
                """;
        assertEquals(4932, ServerProbe.heapUsedKb(parallel));
    }

    @Test
    void readsZgcInMegabytes() {
        String zgc = """
                12345:
                 ZHeap           used 28M, capacity 64M, max capacity 4096M
                 Metaspace       used 600K, committed 832K, reserved 1056768K
                """;
        assertEquals(28 * 1024, ServerProbe.heapUsedKb(zgc));
        assertEquals(-1, ServerProbe.heapUsedKb("12345:\nsomething else\n"));
    }

    @Test
    void readsProcStatusFields() {
        String status = "Name:\tjava\nVmHWM:\t  999 kB\nVmRSS:\t  456789 kB\nThreads:\t42\n";
        assertEquals(456789, ServerProbe.statusField(status, "VmRSS"));
        assertEquals(42, ServerProbe.statusField(status, "Threads"));
        assertEquals(-1, ServerProbe.statusField(status, "VmSwap"));
    }
}
