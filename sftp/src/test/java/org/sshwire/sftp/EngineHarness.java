package org.sshwire.sftp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.sftp.internal.SftpFraming;
import org.sshwire.sftp.internal.SftpPacket;
import org.sshwire.sftp.internal.SftpServerEngine;
import org.sshwire.sftp.internal.SftpOperation;

/** Drives a {@link SftpServerEngine} directly, sans-IO: feed packets, run operations, read replies. */
final class EngineHarness {
    final SftpServerEngine engine;
    private final SftpFraming replies = new SftpFraming(SftpFraming.DEFAULT_MAX_PACKET + 1024);

    EngineHarness(SftpFileSystem fs, SftpServerConfig config) {
        engine = new SftpServerEngine(fs, config);
    }

    EngineHarness init() {
        feed(new SftpPacket.Init(3, List.of()));
        return this;
    }

    void feed(SftpPacket p) {
        engine.receive(ByteBuffer.wrap(p.toFrame()));
    }

    void feedRaw(byte[] bytes) {
        engine.receive(ByteBuffer.wrap(bytes));
    }

    /** Runs every released operation (and those they release) on this thread. */
    void runAll() {
        for (SftpOperation op; (op = engine.pollOperation()) != null; ) {
            op.run();
            engine.complete(op);
        }
    }

    /** Everything the engine has sent since the last call, decoded. */
    List<SftpPacket> replies() {
        for (ByteBuffer b; (b = engine.pollTransmit()) != null; ) {
            replies.feed(b);
        }
        List<SftpPacket> out = new ArrayList<>();
        for (byte[] p; (p = replies.next()) != null; ) {
            out.add(SftpPacket.decode(new SshReader(p)));
        }
        return out;
    }

    /** Feeds one request, runs it, returns its single reply. */
    SftpPacket call(SftpPacket request) {
        feed(request);
        runAll();
        List<SftpPacket> r = replies();
        if (r.size() != 1) {
            throw new AssertionError("expected one reply, got " + r);
        }
        return r.get(0);
    }
}
