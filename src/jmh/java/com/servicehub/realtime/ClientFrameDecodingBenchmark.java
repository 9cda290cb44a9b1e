package com.servicehub.realtime;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.servicehub.system.BenchmarkJsonMapper;

import tools.jackson.databind.json.JsonMapper;

/** Decoding a client's {@code join} frame ({@link ClientFrame#decode}), with and without a recovery point. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ClientFrameDecodingBenchmark {

    private JsonMapper json;
    private String join;
    private String joinSince;

    @Setup
    public void setUp() {
        json = BenchmarkJsonMapper.create();
        join = "{\"type\":\"join\",\"room\":\"booking:6f1c1a8e-3d0b-4c57-9d8e-2b7a4f3e9c01\"}";
        joinSince = "{\"type\":\"join\",\"room\":\"booking:6f1c1a8e-3d0b-4c57-9d8e-2b7a4f3e9c01\","
                + "\"since\":{\"offset\":42,\"epoch\":\"3f2a9c1b-1\"}}";
        if (!(ClientFrame.decode(join, json) instanceof ClientFrame.Join plain)
                || plain.since() != null
                || !(ClientFrame.decode(joinSince, json) instanceof ClientFrame.Join recovering)
                || recovering.since().offset() != 42) {
            throw new IllegalStateException("join frames did not decode as joins");
        }
    }

    @Benchmark
    public Object join() {
        return ClientFrame.decode(join, json);
    }

    @Benchmark
    public Object joinWithSince() {
        return ClientFrame.decode(joinSince, json);
    }
}
