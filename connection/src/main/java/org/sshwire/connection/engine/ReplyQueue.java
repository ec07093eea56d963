package org.sshwire.connection.engine;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.sshwire.transport.wire.Payload;

/**
 * Replies to the peer's want-reply requests, released in request order: RFC 4254 §4 and §5.4
 * require replies in the order of the requests, while the application may answer later than the
 * engine answers requests it handles itself.
 */
final class ReplyQueue {
    private static final class Slot {
        Payload reply;
    }

    private final ArrayDeque<Slot> slots = new ArrayDeque<>(4); // grows on demand; idle connections keep it
    private int pending;

    /** Reserves a slot the application will answer. */
    void reserve() {
        slots.add(new Slot());
        pending++;
    }

    /** Queues a reply the engine decided itself. */
    void add(Payload reply) {
        Slot s = new Slot();
        s.reply = reply;
        slots.add(s);
    }

    int pending() {
        return pending;
    }

    /** Fills the oldest reserved slot; false if none is reserved. */
    boolean answerOldest(Payload reply) {
        for (Slot s : slots) {
            if (s.reply == null) {
                s.reply = reply;
                pending--;
                return true;
            }
        }
        return false;
    }

    /** Hands every reply at the head of the queue that is ready to {@code out}. */
    void release(Consumer<Payload> out) {
        while (!slots.isEmpty() && slots.peekFirst().reply != null) {
            out.accept(slots.pollFirst().reply);
        }
    }
}
