package com.servicehub.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void readsBothFlagForms() {
        Options o = Options.parse(
                "fanout", "--connections", "10_000", "--rates=20000,40000", "--join", "--step-seconds", "500ms");
        assertEquals("fanout", o.command());
        assertEquals(10_000, o.integer("connections", 1));
        assertEquals(List.of(20000.0, 40000.0), o.decimals("rates", ""));
        assertTrue(o.flag("join", false));
        assertEquals(Duration.ofMillis(500), o.duration("step-seconds", Duration.ZERO));
        assertEquals(7, o.integer("absent", 7));
        o.rejectUnused();
    }

    @Test
    void rejectsAFlagNobodyRead() {
        Options o = Options.parse("fanout", "--conections", "5");
        o.integer("connections", 1);
        assertThrows(Options.UsageException.class, o::rejectUnused);
    }

    @Test
    void parsesDurations() {
        assertEquals(Duration.ofSeconds(15), Options.parseDuration("x", "15"));
        assertEquals(Duration.ofSeconds(15), Options.parseDuration("x", "15s"));
        assertEquals(Duration.ofMinutes(2), Options.parseDuration("x", "2m"));
        assertEquals(Duration.ofHours(2), Options.parseDuration("x", "2h"));
        assertThrows(Options.UsageException.class, () -> Options.parseDuration("x", "soon"));
    }
}
