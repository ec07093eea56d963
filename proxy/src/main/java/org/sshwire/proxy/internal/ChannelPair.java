package org.sshwire.proxy.internal;

import org.sshwire.connection.internal.channel.SerialExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.proxy.RelayTap;
import org.sshwire.proxy.RelayTap.Flow;
import org.sshwire.proxy.RelayedChannel;
import org.sshwire.transport.wire.Bytes;

/**
 * One channel relayed between the user's connection ({@code down}) and the upstream's
 * ({@code up}): a blocking copy per direction and stream, channel requests passed on in order
 * with the other side's answer, EOF and CLOSE passed on after the data.
 *
 * <p>Flow control is end to end (DESIGN §3): a copy reads from one channel only as fast as it can
 * write to the other, and reading is what re-opens the first channel's window, so a slow upstream
 * slows the client; what is held is at most the windows and one 32 KiB buffer per copy.
 *
 * <p>Order towards the client (what OpenSSH's ssh expects of sshd): all data, then EOF, then
 * exit-status or exit-signal, then CLOSE. The upstream may send exit-status before its last data
 * (sshd reports the child's exit as soon as it sees it), so the relay holds it until the
 * upstream's data has all been written on.
 */
public final class ChannelPair {
    private static final System.Logger LOG = System.getLogger(ChannelPair.class.getName());
    private static final int BUFFER = 32 * 1024;

    private final Channel down;
    private final Channel up;
    private final RelayedChannel info;
    private final Link link;
    private final RelayTap tap;
    private final Executor pumps;
    private final SerialExecutor toDown;
    private final List<ConnectionEvent.ChannelRequestReceived> heldExit = new ArrayList<>(); // guarded by this
    private boolean upstreamDataDone; // guarded by this
    private final AtomicBoolean closedReported = new AtomicBoolean();

    /**
     * The client's requests on {@code down} reach {@link #fromClient} through the queue the
     * relay set as its request handler when it accepted or opened it, one at a time and in order.
     */
    public ChannelPair(Link link, Channel down, Channel up, RelayedChannel info) {
        this.link = link;
        this.down = down;
        this.up = up;
        this.info = info;
        this.tap = link.tap();
        this.pumps = link.pumps();
        this.toDown = new SerialExecutor(pumps);
        link.opened(this);
    }

    /** The user's side of the channel. */
    public Channel down() {
        return down;
    }

    public RelayedChannel info() {
        return info;
    }

    /** Takes the upstream's channel requests (before any request of the client goes up, so no answer to it is missed). */
    public void listen() {
        up.onRequest(r -> toDown.execute(() -> fromUpstream(r)));
    }

    /**
     * Starts the copies; the client's requests reach {@link #fromClient}. A session's first
     * requests go up before this: a client writes data right after its exec or subsystem request
     * (sftp sends its INIT at once), and that data must not reach the upstream before the request.
     */
    public void start() {
        listen();
        CompletableFuture<Void> c0 = copy(down.getInputStream(), up.getOutputStream(), Flow.CLIENT_TO_UPSTREAM, 0);
        CompletableFuture<Void> c1 = copy(down.getErrorStream(), up.getErrorOutputStream(), Flow.CLIENT_TO_UPSTREAM, 1);
        CompletableFuture<Void> u0 = copy(up.getInputStream(), down.getOutputStream(), Flow.UPSTREAM_TO_CLIENT, 0);
        CompletableFuture<Void> u1 = copy(up.getErrorStream(), down.getErrorOutputStream(), Flow.UPSTREAM_TO_CLIENT, 1);
        CompletableFuture<Void> clientData = CompletableFuture.allOf(c0, c1);
        CompletableFuture<Void> upstreamData = CompletableFuture.allOf(u0, u1);
        clientData.whenComplete((x, e) -> up.closeWrite());
        upstreamData.whenComplete((x, e) -> toDown.execute(() -> {
            releaseExit();
            down.closeWrite();
        }));
        CompletableFuture.allOf(clientData, down.closeFuture()).whenComplete((x, e) -> up.close());
        CompletableFuture.allOf(upstreamData, up.closeFuture()).whenComplete((x, e) -> toDown.execute(() -> {
            releaseExit();
            down.close();
        }));
        CompletableFuture.allOf(down.closeFuture(), up.closeFuture()).whenComplete((x, e) -> {
            if (closedReported.compareAndSet(false, true)) {
                link.closed(this);
                tap.channelClosed(info);
            }
        });
    }

    private CompletableFuture<Void> copy(InputStream in, OutputStream out, Flow flow, int stream) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pumps.execute(() -> {
            byte[] buf = new byte[BUFFER];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (n == 0) {
                        continue;
                    }
                    tap.data(info, flow, stream, Bytes.wrap(java.util.Arrays.copyOf(buf, n)));
                    link.relayed(flow, n);
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // The other side closed first: nothing more can go this way; end both.
                LOG.log(System.Logger.Level.DEBUG, "relay copy " + flow + " ended: " + e.getMessage());
                down.close();
                up.close();
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    /** The client's request on {@code down}, on the {@code toUp} queue: passed on, answered with the upstream's answer. */
    public void fromClient(ConnectionEvent.ChannelRequestReceived r) {
        boolean ok;
        try {
            ok = up.sendRequest(r.requestType(), r.wantReply(), r.data());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.INFO, "{0} {1}: {2} could not go upstream: {3}", info.connection(), info.number(),
                    r.requestType(), e.getMessage());
            ok = false;
        }
        if (!ok) {
            LOG.log(System.Logger.Level.INFO, "{0} {1}: {2} refused upstream", info.connection(), info.number(), r.requestType());
        }
        tap.request(info, Flow.CLIENT_TO_UPSTREAM, r.requestType(), r.body(), ok);
        if (r.wantReply()) {
            down.replyRequest(ok);
        }
    }

    /** Ends the upstream channel without a word to the client (the relay tells it itself). */
    public void abortUpstream() {
        up.close();
    }

    /** Passes on a request the relay already answered itself (one the client sent before the upstream existed). */
    public void fromClientAnswered(ConnectionEvent.ChannelRequestReceived r) {
        boolean ok;
        try {
            ok = up.sendRequest(r.requestType(), r.wantReply(), r.data());
        } catch (IOException e) {
            ok = false;
        }
        tap.request(info, Flow.CLIENT_TO_UPSTREAM, r.requestType(), r.body(), ok);
    }

    private void fromUpstream(ConnectionEvent.ChannelRequestReceived r) {
        if (r.requestType().equals("exit-status") || r.requestType().equals("exit-signal")) {
            synchronized (this) {
                if (!upstreamDataDone) {
                    heldExit.add(r);
                    return;
                }
            }
        }
        toClient(r);
    }

    private void toClient(ConnectionEvent.ChannelRequestReceived r) {
        boolean ok;
        try {
            ok = down.sendRequest(r.requestType(), r.wantReply(), r.data());
        } catch (IOException e) {
            ok = false;
        }
        tap.request(info, Flow.UPSTREAM_TO_CLIENT, r.requestType(), r.body(), ok);
        if (r.wantReply()) {
            up.replyRequest(ok);
        }
    }

    /** On {@code toDown}, once the upstream's data is all written on. */
    private void releaseExit() {
        List<ConnectionEvent.ChannelRequestReceived> held;
        synchronized (this) {
            upstreamDataDone = true;
            held = new ArrayList<>(heldExit);
            heldExit.clear();
        }
        held.forEach(this::toClient);
    }
}
