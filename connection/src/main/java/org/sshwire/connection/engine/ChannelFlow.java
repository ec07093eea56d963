package org.sshwire.connection.engine;

import org.sshwire.connection.message.ChannelWindowAdjust;

/**
 * What happens to a channel after any input or command: queued output is flushed as the window
 * allows, credit is returned per {@link WindowPolicy}, and a channel is forgotten once both
 * CLOSEs were exchanged.
 */
final class ChannelFlow {
    private final ConnectionConfig config;
    private final ChannelTable channels;
    private final EngineOutput output;
    private final WindowGrowth growth;

    ChannelFlow(ConnectionConfig config, ChannelTable channels, EngineOutput output, WindowGrowth growth) {
        this.config = config;
        this.channels = channels;
        this.output = output;
        this.growth = growth;
    }

    /** True while the transport below only queues (a key exchange): channel data then waits here. */
    private java.util.function.BooleanSupplier gate = () -> false;
    private boolean held;
    /** See {@link PeerWindow#sendable}; MAX_VALUE: the whole window. */
    private long sendAhead = Long.MAX_VALUE;

    void sendAhead(long limit) {
        sendAhead = limit;
    }

    long sendAhead() {
        return sendAhead;
    }

    void gate(java.util.function.BooleanSupplier g) {
        gate = g;
    }

    /**
     * Whether channel data must wait. While the transport re-keys it queues every payload in a
     * bounded buffer (RFC 4253 §7.1); handing it a window's worth of data could overflow that
     * buffer, so data stays in the channels' own bounded queues until the exchange is over.
     */
    boolean held() {
        if (gate.getAsBoolean()) {
            held = true;
            return true;
        }
        return false;
    }

    /** After a hold: flushes every channel and tells writers the window is theirs again. */
    void release() {
        if (!held || gate.getAsBoolean()) {
            return;
        }
        held = false;
        for (ChannelState ch : java.util.List.copyOf(channels.all())) {
            flush(ch);
            long capacity = ch.sendCapacity(config.maxQueuedBytes(), sendAhead);
            if (capacity > 0) {
                output.event(new ConnectionEvent.ChannelWindowAdjusted(ch.localId, capacity));
            }
        }
    }

    /** Bytes a writer may hand over now: the window and the queue, or the queue alone while held. */
    long sendCapacity(ChannelState ch) {
        return held() ? ch.queueRoom(config.maxQueuedBytes()) : ch.sendCapacity(config.maxQueuedBytes(), sendAhead);
    }

    /** Sends CHANNEL_DATA straight from {@code buf} as {@link ChannelState#sendDirect} does, under this flow's limits. */
    int sendDirect(ChannelState ch, java.nio.ByteBuffer buf, int off, int len, ChannelDataSink sink) {
        return ch.sendDirect(buf, off, len, config.maxSendPacket(), sendAhead, sink, output::send, this::held);
    }

    void flush(ChannelState ch) {
        if (!held()) {
            ch.flush(config.maxSendPacket(), sendAhead, output::send);
        }
        release(ch);
    }

    /** Forgets a channel once both CLOSEs were exchanged. */
    void release(ChannelState ch) {
        if (ch.isFullyClosed()) {
            channels.remove(ch);
            growth.forget(ch);
            output.event(new ConnectionEvent.ChannelClosed(ch.localId));
        }
    }

    /** The application consumed {@code n} bytes of {@code ch}: the window may grow ({@link WindowTuning}), then credit may go back. */
    void consumed(ChannelState ch, long n) {
        long extra = ch.closeSent || ch.eofReceived ? 0 : growth.consumed(ch, n);
        maybeAdjust(ch, extra);
    }

    void maybeAdjust(ChannelState ch) {
        maybeAdjust(ch, 0);
    }

    /**
     * Returns credit per the {@link WindowPolicy}, judged against the channel's current window
     * (its announced size plus growth); {@code extra}, growth just granted, goes out with it (all
     * credit is returned then, so the peer sees the larger window at once).
     */
    private void maybeAdjust(ChannelState ch, long extra) {
        if (ch.closeSent || ch.eofReceived || ch.credit == 0 && extra == 0) {
            return; // no more data can come, so no credit is needed
        }
        long add = extra > 0 ? ch.credit : Math.max(0, Math.min(ch.credit, config.windowPolicy().adjustment(
                ch.localWindow.available(), ch.credit, ch.localTarget, ch.localMaxPacket)));
        long total = add + extra;
        if (total > 0 && ch.localWindow.grow(total)) {
            ch.credit -= add;
            output.send(new ChannelWindowAdjust(ch.remoteId, total).toPayload());
        } else if (extra > 0) {
            growth.undo(ch, extra);
        }
    }
}
