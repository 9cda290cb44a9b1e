package com.servicehub.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The chaos run against the packaged jar, as an integration test (failsafe, after
 * {@code package}). In {@code ./mvnw verify} it is the smoke variant: 50 sockets on two nodes, one
 * {@code kill -9} and a 3 s Redis stop. Under {@code -Pchaos} ({@code -Dchaos.mode=full}) it is the
 * full run: 1,000 sockets and every fault. Either way it fails on any silent loss.
 */
class ChaosIT {

    @Test
    void noCommittedEventIsLostSilentlyUnderFaults() throws Exception {
        boolean full = "full".equals(System.getProperty("chaos.mode"));
        ChaosRun.Settings settings = full ? ChaosRun.Settings.full() : ChaosRun.Settings.smoke();
        ChaosRun.Report report = new ChaosRun(settings, Path.of("target", "chaos")).run();

        assertThat(report.phases()).allSatisfy(phase -> {
            assertThat(phase.committed())
                    .as("%s: events committed", phase.name())
                    .isPositive();
            assertThat(phase.delivered()).as("%s: deliveries", phase.name()).isPositive();
        });
        assertThat(report.losses()).as("silent losses").isEmpty();
    }
}
