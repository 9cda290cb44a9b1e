package com.servicehub.realtime;

import java.util.UUID;

/** The broker of a node that runs alone: publishing is delivering to this node's hub. */
class InMemoryBroker implements Broker {

    private final Hub hub;

    InMemoryBroker(Hub hub) {
        this.hub = hub;
    }

    @Override
    public void publish(RoomEvent event) {
        long now = System.nanoTime();
        for (String room : event.rooms()) {
            hub.deliver(room, event.toFrame(room, null, null), null, now);
        }
    }

    @Override
    public void publishTyping(ServerFrame.Typing typing, Connection sender) {
        hub.deliver(typing.room(), typing, sender, 0);
    }

    @Override
    public void publishRevocation(String room, UUID userId) {
        hub.revoke(room, userId);
    }
}
