package com.servicehub.realtime;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * A node's broker as a test wants it: everything goes to the real one, but publishing and history
 * reads (knowing their room) can be changed (held up, swallowed) to play a fault the real one cannot be made to have.
 */
final class ForwardingBroker implements Broker {

    private final Broker broker;
    private final Function<Publication, CompletableFuture<Published>> publishing;
    private final BiFunction<String, CompletableFuture<History>, CompletableFuture<History>> reading;

    ForwardingBroker(
            Broker broker,
            Function<Publication, CompletableFuture<Published>> publishing,
            BiFunction<String, CompletableFuture<History>, CompletableFuture<History>> reading) {
        this.broker = broker;
        this.publishing = publishing;
        this.reading = reading;
    }

    /** Wraps the node's broker bean; {@code wrap} gets the real broker. */
    static BeanPostProcessor wrapping(Function<Broker, Broker> wrap) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof Broker broker ? wrap.apply(broker) : bean;
            }
        };
    }

    @Override
    public void run(Handler handler) {
        broker.run(handler);
    }

    @Override
    public CompletableFuture<Published> publish(Publication publication) {
        return publishing.apply(publication);
    }

    @Override
    public CompletableFuture<History> history(String room, long sinceOffset, String epoch, int limit) {
        return reading.apply(room, broker.history(room, sinceOffset, epoch, limit));
    }

    @Override
    public boolean shares() {
        return broker.shares();
    }

    @Override
    public void subscribe(String room) {
        broker.subscribe(room);
    }

    @Override
    public void unsubscribe(String room) {
        broker.unsubscribe(room);
    }

    @Override
    public void publishTyping(ServerFrame.Typing typing, long senderConnection) {
        broker.publishTyping(typing, senderConnection);
    }

    @Override
    public void publishRevocation(String room, UUID userId) {
        broker.publishRevocation(room, userId);
    }
}
