package org.sshwire.sftp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.sftp.internal.SftpPacket;

/**
 * A scripted server serving one read-only file of {@code content}, for client tests: it holds
 * back every READ reply until {@code holdUntil} READs are outstanding (so a client that does not
 * pipeline waits forever) and answers with at most {@code maxData} bytes (short reads). STAT
 * and FSTAT give the file's size.
 */
final class FakeSftpServer implements Runnable {
    final Pipe toServer;
    final Pipe toClient;
    private final byte[] content;
    private final int holdUntil;
    private final int maxData;
    volatile int maxOutstandingSeen;
    /** Holds the OPEN's handle back until a STAT comes: a client that stats only after it has the handle waits. */
    volatile boolean openWaitsForStat;
    volatile int fstats;
    /** Leaves CLOSE unanswered: a client that waits for it never finishes. */
    volatile boolean closesUnanswered;
    volatile int closes;
    private SftpPacket.Handle heldOpen;

    FakeSftpServer(byte[] content, int holdUntil, int maxData) throws IOException {
        this.content = content;
        this.holdUntil = holdUntil;
        this.maxData = maxData;
        this.toServer = Pipe.open();
        this.toClient = Pipe.open();
    }

    @Override
    public void run() {
        try (DataInputStream in = new DataInputStream(Channels.newInputStream(toServer.source()));
             OutputStream out = Channels.newOutputStream(toClient.sink())) {
            List<SftpPacket.Read> held = new ArrayList<>();
            boolean released = false;
            while (true) {
                int len = in.readInt();
                byte[] b = new byte[len];
                in.readFully(b);
                SftpPacket p = SftpPacket.decode(new SshReader(b));
                if (p instanceof SftpPacket.Init) {
                    out.write(new SftpPacket.Version(3, List.of()).toFrame());
                } else if (p instanceof SftpPacket.Open) {
                    heldOpen = new SftpPacket.Handle(((SftpPacket.Open) p).id(), Bytes.utf8("h"));
                    if (!openWaitsForStat) {
                        out.write(heldOpen.toFrame());
                        heldOpen = null;
                    }
                } else if (p instanceof SftpPacket.Stat) {
                    if (heldOpen != null) {
                        out.write(heldOpen.toFrame());
                        heldOpen = null;
                    }
                    out.write(new SftpPacket.Attrs(((SftpPacket.Stat) p).id(), FileAttributes.EMPTY.withSize(content.length)).toFrame());
                } else if (p instanceof SftpPacket.Fstat) {
                    fstats++;
                    out.write(new SftpPacket.Attrs(((SftpPacket.Fstat) p).id(),
                            FileAttributes.EMPTY.withSize(content.length)).toFrame());
                } else if (p instanceof SftpPacket.Close) {
                    closes++;
                    if (closesUnanswered) {
                        continue;
                    }
                    out.write(SftpPacket.Status.of(((SftpPacket.Close) p).id(), StatusCode.OK).toFrame());
                } else if (p instanceof SftpPacket.Read) {
                    held.add((SftpPacket.Read) p);
                    maxOutstandingSeen = Math.max(maxOutstandingSeen, held.size());
                    if (released || held.size() >= holdUntil) {
                        released = true;
                        for (SftpPacket.Read r : held) {
                            out.write(reply(r).toFrame());
                        }
                        held.clear();
                    }
                } else {
                    continue; // not part of the script: no reply
                }
                out.flush();
            }
        } catch (IOException end) {
            // the client closed
        }
    }

    private SftpPacket reply(SftpPacket.Read r) {
        if (r.offset() >= content.length) {
            return SftpPacket.Status.of(r.id(), StatusCode.EOF);
        }
        int n = (int) Math.min(Math.min(r.length(), maxData), content.length - r.offset());
        return new SftpPacket.Data(r.id(), Bytes.of(content, (int) r.offset(), n));
    }
}
