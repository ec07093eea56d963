package org.sshwire.proxy.internal.record;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.sshwire.connection.message.ChannelOpenData;

/**
 * A forwarded channel's bytes (direct-tcpip, forwarded-tcpip and their streamlocal twins), saved
 * as they flow: {@code N-TYPE.from-client} holds every byte the user's side sent, in order, and
 * {@code N-TYPE.from-upstream} every byte the upstream's side sent — for a {@code ssh -L}
 * connection, the request and the response as the two ends saw them.
 */
final class ForwardedBytes {
    final SavedBytes fromClient;
    final SavedBytes fromUpstream;

    ForwardedBytes(Path base, ContentBudget budget, ContentWriter writer) {
        this.fromClient = new SavedBytes(base.resolveSibling(base.getFileName() + ".from-client"), budget, writer);
        this.fromUpstream = new SavedBytes(base.resolveSibling(base.getFileName() + ".from-upstream"), budget, writer);
    }

    static boolean isForward(String channelType) {
        return switch (channelType) {
            case ChannelOpenData.DIRECT_TCPIP, ChannelOpenData.FORWARDED_TCPIP,
                    ChannelOpenData.DIRECT_STREAMLOCAL, ChannelOpenData.FORWARDED_STREAMLOCAL -> true;
            default -> false;
        };
    }

    /** Saves a chunk; returns the reason if this chunk stopped the saving, else null. */
    String save(boolean fromClientSide, ByteBuffer data) {
        SavedBytes s = fromClientSide ? fromClient : fromUpstream;
        return s.append(data) ? s.stopped() : null;
    }

    /** Closes both files after their queued bytes, then tells {@code then} (on the writer's thread). */
    void close(Consumer<ForwardedBytes> then) {
        // One writer thread, tasks in order: when the second is closed, so is the first.
        fromClient.close(s -> { });
        fromUpstream.close(s -> then.accept(this));
    }
}
