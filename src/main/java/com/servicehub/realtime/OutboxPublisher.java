package com.servicehub.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Hands outbox rows to the broker and deletes each once the broker has it. What a row holds is
 * {@code <channel> <payload>}: an event as the rooms' histories keep it, or a revocation. The
 * broker's answers come back on its I/O threads, so the deletes are batched on a thread of
 * their own; a row whose delete fails is simply published again later, which the broker
 * recognises by its id.
 */
@Component
class OutboxPublisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

    private final Broker broker;
    private final EventOutbox outbox;
    private final RedisPayloads payloads;
    private final ConcurrentLinkedQueue<Long> published = new ConcurrentLinkedQueue<>();
    private final ExecutorService deletes = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-deletes");
        thread.setDaemon(true);
        return thread;
    });

    private final ObservationRegistry observations;

    OutboxPublisher(
            Broker broker, EventOutbox outbox, FrameEncoder encoder, ObjectProvider<ObservationRegistry> observations) {
        this.broker = broker;
        this.outbox = outbox;
        this.payloads = new RedisPayloads(encoder.json());
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
    }

    /** The outbox payload of an event. */
    String payloadOf(RoomEvent event) {
        return payloads.encodeStored(event);
    }

    /** The outbox payload of a revocation. */
    String payloadOf(String room, UUID userId) {
        return RedisPayloads.REVOKE + ' ' + payloads.encodeRevocation(room, userId, null);
    }

    void publish(EventOutbox.Entry entry) {
        String payload = entry.payload();
        if (payload.startsWith(RedisPayloads.REVOKE + ' ')) {
            Optional<RedisPayloads.RevocationReceived> revocation =
                    payloads.decodeRevocation(payload.substring(RedisPayloads.REVOKE.length() + 1));
            if (revocation.isPresent()) {
                broker.publishRevocation(
                        revocation.get().room(), revocation.get().userId());
            } else {
                log.warn("Dropped outbox entry {}: not a revocation that can be read", entry.seq());
            }
            done(entry);
            return;
        }
        Optional<RoomEvent> event = payloads.decodeStored(payload);
        if (event.isEmpty()) {
            log.warn("Dropped outbox entry {}: not an event that can be read", entry.seq());
            done(entry);
            return;
        }
        // A span of the trace that made the change (the REST request's, when it runs on its thread),
        // from the hand-over to the broker until every room's stream has it and this node's
        // members were handed their frames.
        Observation observation = Observation.createNotStarted("servicehub.publish", observations)
                .contextualName("publish " + RedisPayloads.channelOf(event.get()))
                .lowCardinalityKeyValue("channel", RedisPayloads.channelOf(event.get()))
                .highCardinalityKeyValue("rooms", String.join(",", event.get().rooms()))
                .start();
        CompletableFuture<Broker.Published> publishing;
        try (Observation.Scope scope = observation.openScope()) {
            publishing = broker.publish(new Publication(entry.id(), entry.orderKey(), entry.seq(), event.get()));
        }
        publishing
                .whenComplete((published, error) -> {
                    if (error != null) {
                        observation.error(error);
                    } else {
                        observation.lowCardinalityKeyValue("shared", Boolean.toString(published.shared()));
                    }
                    observation.stop();
                })
                .whenComplete((published, error) -> {
                    if (error != null) {
                        log.warn(
                                "Publishing outbox entry {} failed; it will be published again: {}",
                                entry.seq(),
                                error.toString());
                    } else if (published.shared()) {
                        done(entry);
                    }
                    // else: delivered on this node alone; the row stays for whichever node reaches
                    // the shared store first (this one once it is back), and this node's clients do
                    // not get it twice (the broker knows it by its id).
                });
    }

    private void done(EventOutbox.Entry entry) {
        if (entry.seq() <= 0) {
            return; // never written to the outbox
        }
        published.add(entry.seq());
        try {
            deletes.execute(this::deletePublished);
        } catch (java.util.concurrent.RejectedExecutionException ex) {
            // shutting down: the row is published again by whichever node takes it up
        }
    }

    private void deletePublished() {
        List<Long> seqs = new ArrayList<>();
        for (Long seq = published.poll(); seq != null && seqs.size() < 1_000; seq = published.poll()) {
            seqs.add(seq);
        }
        if (seqs.isEmpty()) {
            return;
        }
        try {
            outbox.delete(seqs);
        } catch (RuntimeException ex) {
            log.warn(
                    "Could not delete {} published outbox entries (they will be published again): {}",
                    seqs.size(),
                    ex.toString());
        }
    }

    @Override
    public void destroy() {
        deletes.shutdown();
        try {
            deletes.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
