package org.sshwire.connection.engine;

import java.util.ArrayDeque;
import org.sshwire.transport.wire.Bytes;

/**
 * What the application asked to send on one channel and that has not gone out yet, in order:
 * data waiting for window, and the requests, EOF and CLOSE behind it — RFC 4254 §5.3 EOF and
 * CLOSE end the data stream, so they must never overtake queued data. Data bytes are bounded by
 * the caller ({@link ChannelState#sendCapacity()}).
 */
final class OutboundQueue {

    /** An item; {@link Data} is split as window allows, the others go out whole. */
    interface Item {
    }

    /** DATA ({@code extendedType} &lt; 0) or EXTENDED_DATA bytes, consumed from {@code offset}. */
    static final class Data implements Item {
        final long extendedType;
        final Bytes bytes;
        int offset;

        Data(long extendedType, Bytes bytes) {
            this.extendedType = extendedType;
            this.bytes = bytes;
        }

        int remaining() {
            return bytes.length() - offset;
        }
    }

    record Request(String type, boolean wantReply, Bytes data) implements Item {
    }

    record Eof() implements Item {
    }

    record Close() implements Item {
    }

    private final ArrayDeque<Item> items = new ArrayDeque<>(4); // grows on demand; idle connections keep it
    private long dataBytes;

    void add(Item item) {
        if (item instanceof Data) {
            dataBytes += ((Data) item).remaining();
        }
        items.add(item);
    }

    Item peek() {
        return items.peekFirst();
    }

    void removeHead() {
        Item i = items.pollFirst();
        if (i instanceof Data) {
            dataBytes -= ((Data) i).remaining();
        }
    }

    /** Marks {@code n} bytes of the head data item as sent. */
    void consumeHeadData(int n) {
        Data d = (Data) items.peekFirst();
        d.offset += n;
        dataBytes -= n;
        if (d.remaining() == 0) {
            items.pollFirst();
        }
    }

    long dataBytes() {
        return dataBytes;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    void clear() {
        items.clear();
        dataBytes = 0;
    }
}
