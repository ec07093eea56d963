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

    ChannelFlow(ConnectionConfig config, ChannelTable channels, EngineOutput output) {
        this.config = config;
        this.channels = channels;
        this.output = output;
    }

    void flush(ChannelState ch) {
        ch.flush(config.maxSendPacket(), output::send);
        release(ch);
    }

    /** Forgets a channel once both CLOSEs were exchanged. */
    void release(ChannelState ch) {
        if (ch.isFullyClosed()) {
            channels.remove(ch);
            output.event(new ConnectionEvent.ChannelClosed(ch.localId));
        }
    }

    void maybeAdjust(ChannelState ch) {
        if (ch.closeSent || ch.eofReceived || ch.credit == 0) {
            return; // no more data can come, so no credit is needed
        }
        long add = Math.max(0, Math.min(ch.credit, config.windowPolicy().adjustment(
                ch.localWindow.available(), ch.credit, ch.localInitialWindow, ch.localMaxPacket)));
        if (add > 0 && ch.localWindow.grow(add)) {
            ch.credit -= add;
            output.send(new ChannelWindowAdjust(ch.remoteId, add).toPayload());
        }
    }
}
