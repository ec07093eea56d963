package org.sshwire.connection.engine;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The channels of one connection by local id, capped in number (DESIGN §6).
 *
 * <p>Ids are handed out in increasing order and not reused until the counter wraps at 2^31, so a
 * stale id held by the application cannot silently address a newer channel.
 */
final class ChannelTable {
    private final Map<Integer, ChannelState> channels = new HashMap<>();
    private final int max;
    private int nextId;
    private boolean wrapped;

    ChannelTable(int max) {
        this.max = max;
    }

    boolean isFull() {
        return channels.size() >= max;
    }

    int size() {
        return channels.size();
    }

    /** A fresh id not in use; the caller must {@link #put} the channel. */
    int allocateId() {
        if (isFull()) {
            throw new IllegalStateException("channel table full (" + max + ")");
        }
        while (channels.containsKey(nextId)) {
            advance();
        }
        int id = nextId;
        advance();
        return id;
    }

    private void advance() {
        if (nextId == Integer.MAX_VALUE) {
            nextId = 0;
            wrapped = true;
        } else {
            nextId++;
        }
    }

    void put(ChannelState c) {
        channels.put(c.localId, c);
    }

    /** The channel a peer's uint32 recipient number names, or null. */
    ChannelState get(long wireId) {
        return wireId < 0 || wireId > Integer.MAX_VALUE ? null : channels.get((int) wireId);
    }

    void remove(ChannelState c) {
        channels.remove(c.localId);
    }

    /** True if {@code id} was handed out at some time (it may be closed and gone by now). */
    boolean wasAllocated(int id) {
        return id >= 0 && (wrapped || id < nextId);
    }

    Collection<ChannelState> all() {
        return Collections.unmodifiableCollection(channels.values());
    }
}
