package org.sshwire.sftp.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;
import org.sshwire.sftp.ExtensionPair;
import org.sshwire.sftp.SftpFileSystem;
import org.sshwire.sftp.SftpServerConfig;
import org.sshwire.sftp.StatusCode;

/**
 * The SFTP v3 server as a sans-IO state machine: bytes in, bytes out, and filesystem
 * {@linkplain SftpOperation operations} out for the driver to run.
 *
 * <p><b>Threading.</b> The engine is not thread-safe and does no I/O: the driver confines it
 * to one lock. It never calls the {@link SftpFileSystem} itself; each request that touches the
 * file system becomes an {@link SftpOperation} the driver runs off the lock (on an executor)
 * and gives back with {@link #complete}. Requests that need no file system (INIT, limits, bad
 * handles, denied requests) are answered at once.
 *
 * <p><b>Pipelining and order.</b> Operations are released by lane: all requests on one handle
 * share a lane and run one at a time in arrival order, so responses for one handle keep their
 * order (draft-ietf-secsh-filexfer-02 §6: requests on the same handle are processed in order);
 * path requests share one lane of their own, so a pipelined MKDIR then OPEN inside it behaves
 * as OpenSSH's serial server does. Different handles proceed in parallel.
 *
 * <p><b>Errors.</b> A request before INIT, a second INIT or a length over 256 KiB closes the
 * session (OpenSSH: fatal); a malformed request inside a well-framed packet is answered with
 * SSH_FX_BAD_MESSAGE; unknown types and extensions with SSH_FX_OP_UNSUPPORTED.
 *
 * <p><b>Limits.</b> Packets over 256 KiB close the session before allocation; READ lengths are
 * shortened to {@link SftpServerConfig#maxReadLength()} as OpenSSH does; at most
 * {@link SftpServerConfig#maxHandles()} handles (more fail with SSH_FX_FAILURE, as EMFILE does);
 * {@link #wantsInput()} turns false while {@link SftpServerConfig#maxInFlight()} operations are
 * outstanding or 1 MiB of output is queued, and the driver stops reading.
 *
 * <pre>{@code
 * SftpServerEngine engine = new SftpServerEngine(RootedFileSystem.at(root), SftpServerConfig.defaults());
 * engine.receive(bytesFromClient);
 * for (SftpOperation op; (op = engine.pollOperation()) != null; ) { op.run(); engine.complete(op); }
 * for (ByteBuffer out; (out = engine.pollTransmit()) != null; ) { channel.write(out); }
 * }</pre>
 */
public final class SftpServerEngine {
    private static final System.Logger LOG = System.getLogger(SftpServerEngine.class.getName());
    /** The version we speak; OpenSSH answers every INIT with 3 whatever the client asked for. */
    public static final int VERSION = 3;
    private static final long MAX_QUEUED_OUTPUT = 1 << 20;
    private static final Object PATH_LANE = new Object();

    /** Extensions announced in VERSION, with OpenSSH's version strings (sftp-server.c). */
    static final List<ExtensionPair> EXTENSIONS = List.of(
            ExtensionPair.of("posix-rename@openssh.com", "1"),
            ExtensionPair.of("statvfs@openssh.com", "2"),
            ExtensionPair.of("fstatvfs@openssh.com", "2"),
            ExtensionPair.of("hardlink@openssh.com", "1"),
            ExtensionPair.of("fsync@openssh.com", "1"),
            ExtensionPair.of("lsetstat@openssh.com", "1"),
            ExtensionPair.of("limits@openssh.com", "1"),
            ExtensionPair.of("expand-path@openssh.com", "1"),
            ExtensionPair.of("copy-data", "1"),
            ExtensionPair.of("home-directory", "1"),
            ExtensionPair.of("users-groups-by-id@openssh.com", "1"));

    /** An open file or directory in the handle table. */
    static final class OpenHandle {
        final Bytes wire;
        final SftpFileSystem.File file;
        final SftpFileSystem.Directory dir;
        volatile boolean closed;
        /**
         * Why a WRITE (or copy-data, or fsync) on this handle failed, or null. Once set, the file
         * holds less than the client sent: CLOSE then {@linkplain SftpFileSystem.File#abort()
         * aborts} instead of committing, and answers SSH_FX_FAILURE with this reason, so neither
         * a half-written upload is committed nor a client told OK that never checked its WRITEs.
         */
        volatile String writeFailure;

        OpenHandle(Bytes wire, SftpFileSystem.File file, SftpFileSystem.Directory dir) {
            this.wire = wire;
            this.file = file;
            this.dir = dir;
        }
    }

    /** Result of an OPEN / OPENDIR operation: the engine turns it into a handle. */
    record Opened(SftpFileSystem.File file, SftpFileSystem.Directory dir) {
    }

    /** Result of a CLOSE operation: the engine drops the handle, then sends the status. */
    record Closed(OpenHandle handle, SftpPacket.Status status) {
    }

    final SftpFileSystem fs;
    final SftpServerConfig config;
    private final SftpFraming framing = new SftpFraming(SftpFraming.DEFAULT_MAX_PACKET);
    private final ArrayDeque<ByteBuffer> transmit = new ArrayDeque<>();
    private long queuedOutput;
    private final Map<Bytes, OpenHandle> handles = new HashMap<>();
    private int pendingOpens;
    private int nextHandle;
    private final ArrayDeque<SftpOperation> ready = new ArrayDeque<>();
    private final Map<Object, ArrayDeque<SftpOperation>> busyLanes = new HashMap<>();
    private int inFlight;
    private boolean initDone;
    private boolean closed;
    private final SftpRequestHandler requests;
    /** Reused direct buffers for DATA replies (see {@link ReadFramePool}). */
    final ReadFramePool readFrames = ReadFramePool.SHARED;

    public SftpServerEngine(SftpFileSystem fs, SftpServerConfig config) {
        this.fs = fs;
        this.config = config;
        this.requests = new SftpRequestHandler(this);
    }

    // ---- driver surface (DESIGN §2) ---------------------------------------------------------

    /** Bytes from the client. After a framing or protocol error the engine closes. */
    public void receive(ByteBuffer bytes) {
        if (closed) {
            bytes.position(bytes.limit());
            return;
        }
        try {
            framing.feed(bytes);
            for (byte[] p; !closed && (p = framing.next()) != null; ) {
                dispatch(p);
            }
        } catch (WireFormatException e) {
            protocolError("malformed packet: " + e.getMessage());
        }
    }

    /** The client closed its side: outstanding work still completes, then {@link #isClosed()}. */
    public void receiveEof() {
        if (framing.isMidPacket()) {
            LOG.log(System.Logger.Level.DEBUG, "EOF inside a packet");
        }
        closed = true;
    }

    /**
     * The next bytes for the client, or null. A DATA reply may be a direct buffer (read straight
     * from the file); hand such buffers back with {@link #recycle} once copied or written.
     */
    public ByteBuffer pollTransmit() {
        ByteBuffer b = transmit.poll();
        if (b != null) {
            queuedOutput -= b.remaining();
        }
        return b;
    }

    /**
     * Optional: the driver has copied (or written) all of {@code b}, taken from
     * {@link #pollTransmit()}, and no longer refers to it, so a DATA reply's buffer can serve
     * the next READ. A driver that never calls this still works (READs then use fresh arrays).
     */
    public void recycle(ByteBuffer b) {
        if (ReadFramePool.isFrame(b)) {
            readFrames.give(b);
        }
    }

    /** The next filesystem operation to run off the lock, or null. */
    public SftpOperation pollOperation() {
        return ready.poll();
    }

    /** Whether the driver should read more input now (backpressure; see the class comment). */
    public boolean wantsInput() {
        return !closed && inFlight < config.maxInFlight() && queuedOutput < MAX_QUEUED_OUTPUT;
    }

    /** Whether the session is over: no more input will be taken and nothing is in flight. */
    public boolean isClosed() {
        return closed && inFlight == 0;
    }

    /** Operations queued or running. */
    public int operationsInFlight() {
        return inFlight;
    }

    /** Open handles. */
    public int openHandles() {
        return handles.size();
    }

    /**
     * Ends the session: closes the engine and returns operations that release every handle
     * still open (unfinished uploads are discarded, see {@link SftpFileSystem.File#abort()}).
     * The driver runs them (no {@link #complete} needed), once nothing it started is running.
     */
    public List<SftpOperation> shutdown() {
        closed = true;
        List<SftpOperation> out = new ArrayList<>();
        for (OpenHandle h : handles.values()) {
            out.add(new SftpOperation(0, "abort", h, () -> {
                h.closed = true;
                if (h.file != null) {
                    h.file.abort();
                } else {
                    h.dir.close();
                }
                return null;
            }));
        }
        handles.clear();
        dropQueued();
        return out;
    }

    /** Takes back an operation that has {@linkplain SftpOperation#run() run}. */
    public void complete(SftpOperation op) {
        if (!op.hasRun()) {
            throw new IllegalStateException("operation has not run");
        }
        inFlight--;
        ArrayDeque<SftpOperation> waiting = busyLanes.get(op.lane);
        if (waiting != null) {
            SftpOperation next = waiting.poll();
            if (next != null) {
                ready.add(next);
            } else {
                busyLanes.remove(op.lane);
            }
        }
        Object r = op.result();
        if (r instanceof Opened) {
            pendingOpens--;
            Opened o = (Opened) r;
            if (closed) {
                abortQuietly(o);
                return;
            }
            Bytes wire = newHandle();
            handles.put(wire, new OpenHandle(wire, o.file(), o.dir()));
            send(new SftpPacket.Handle(op.requestId, wire));
        } else if (r instanceof Closed) {
            Closed c = (Closed) r;
            handles.remove(c.handle().wire);
            send(c.status());
        } else if (r instanceof SftpPacket) {
            if (op.name.equals("open") || op.name.equals("opendir")) {
                pendingOpens--;
            }
            send((SftpPacket) r);
        } else if (r instanceof ByteBuffer) {
            // a DATA reply framed in place by the READ fast path
            queuedOutput += ((ByteBuffer) r).remaining();
            transmit.add((ByteBuffer) r);
        }
    }

    // ---- dispatch ---------------------------------------------------------------------------

    private void dispatch(byte[] bytes) {
        if (initDone && bytes[0] == SftpPacket.SSH_FXP_WRITE && requests.fastWrite(bytes)) {
            return;
        }
        SftpPacket p;
        try {
            p = SftpPacket.decodeRequest(bytes);
        } catch (WireFormatException e) {
            if (!initDone || bytes.length < 5 || bytes[0] == SftpPacket.SSH_FXP_INIT) {
                throw e;
            }
            // The frame was delimited, so the stream is still in step: answer this request
            // (draft §7 SSH_FX_BAD_MESSAGE) and go on, where OpenSSH would exit. A path that
            // is not UTF-8 lands here rather than killing the session.
            int id = ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
            LOG.log(System.Logger.Level.DEBUG, "malformed request {0}: {1}", id, e.getMessage());
            sendStatus(id, StatusCode.BAD_MESSAGE);
            return;
        }
        if (p instanceof SftpPacket.Init) {
            if (initDone) {
                protocolError("duplicate INIT");
                return;
            }
            initDone = true;
            long v = ((SftpPacket.Init) p).version();
            LOG.log(System.Logger.Level.DEBUG, "client version {0}, answering {1}", v, VERSION);
            send(new SftpPacket.Version(VERSION, EXTENSIONS));
            return;
        }
        if (!initDone) {
            protocolError("request before INIT"); // OpenSSH: fatal
            return;
        }
        if (p instanceof SftpPacket.Request) {
            requests.handle((SftpPacket.Request) p);
        } else {
            // Unknown types and server-to-client types. OpenSSH logs and stays silent, which
            // leaves the client waiting; we answer OP_UNSUPPORTED when there is an id to answer.
            int id = p instanceof SftpPacket.Raw ? ((SftpPacket.Raw) p).requestId().orElse(-1)
                    : p instanceof SftpPacket.Response ? ((SftpPacket.Response) p).id() : -1;
            LOG.log(System.Logger.Level.DEBUG, "unsupported packet type {0}", p.type());
            if (id != -1 || (p instanceof SftpPacket.Raw && ((SftpPacket.Raw) p).body().length() >= 4)) {
                send(SftpPacket.Status.of(id, StatusCode.OP_UNSUPPORTED));
            }
        }
    }

    private void protocolError(String why) {
        LOG.log(System.Logger.Level.WARNING, "closing SFTP session: {0}", why);
        closed = true;
        dropQueued();
    }

    /** Forgets operations not yet handed to the driver; running ones still complete. */
    private void dropQueued() {
        inFlight -= ready.size();
        ready.clear();
        for (ArrayDeque<SftpOperation> waiting : busyLanes.values()) {
            inFlight -= waiting.size();
            waiting.clear();
        }
    }

    // ---- used by SftpRequestHandler and SftpExtensions ---------------------------------------

    void send(SftpPacket p) {
        ByteBuffer b = ByteBuffer.wrap(p.toFrame());
        queuedOutput += b.remaining();
        transmit.add(b);
    }

    void sendStatus(int id, int code) {
        send(SftpPacket.Status.of(id, code));
    }

    /** Queues filesystem work on {@code lane} (a handle, or the path lane when null). */
    void submit(int id, String name, OpenHandle lane, SftpOperation.Work work) {
        Object key = lane == null ? PATH_LANE : lane;
        SftpOperation op = new SftpOperation(id, name, key, work);
        inFlight++;
        ArrayDeque<SftpOperation> waiting = busyLanes.get(key);
        if (waiting != null) {
            waiting.add(op);
        } else {
            busyLanes.put(key, new ArrayDeque<>());
            ready.add(op);
        }
    }

    /** Reserves a handle slot for an OPEN/OPENDIR; false (and FAILURE sent) if the table is full. */
    boolean reserveHandle(int id) {
        if (handles.size() + pendingOpens >= config.maxHandles()) {
            sendStatus(id, StatusCode.FAILURE); // EMFILE maps to FAILURE in OpenSSH
            return false;
        }
        pendingOpens++;
        return true;
    }

    OpenHandle handle(Bytes wire) {
        return handles.get(wire);
    }

    private Bytes newHandle() {
        // OpenSSH sends the handle table index as a uint32; ours never repeats within a session.
        return new SshWriter(4).writeUint32(nextHandle++).toBytes();
    }

    private static void abortQuietly(Opened o) {
        try {
            if (o.file() != null) {
                o.file().abort();
            } else {
                o.dir().close();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "releasing a late handle", e);
        }
    }
}
