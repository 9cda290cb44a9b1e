package com.servicehub.realtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of single-threaded workers; a room's hash picks its worker, as in Centrifugo. All
 * of a room's live delivery and joins run on its worker, one task at a time and in order, so a
 * room's state needs no lock, and a slow room only ever delays the rooms that share its worker,
 * and only by what its tasks cost, since no task waits on I/O.
 */
final class RoomWorkers {

    private static final Logger log = LoggerFactory.getLogger(RoomWorkers.class);

    private final ExecutorService[] workers;

    RoomWorkers(int count) {
        workers = new ExecutorService[count];
        for (int i = 0; i < count; i++) {
            String name = "room-worker-" + i;
            workers[i] =
                    new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
                        Thread thread = new Thread(runnable, name);
                        thread.setDaemon(true);
                        return thread;
                    });
        }
    }

    void execute(String room, Runnable task) {
        try {
            workers[Math.floorMod(room.hashCode(), workers.length)].execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException ex) {
                    log.warn("A task of room {} failed", room, ex);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException ex) {
            // shutting down: nothing is delivered any more
        }
    }

    void shutdown() {
        for (ExecutorService worker : workers) {
            worker.shutdown();
        }
        for (ExecutorService worker : workers) {
            try {
                worker.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
