package org.sshwire.cli;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sshwire.connection.message.ChannelData;
import org.sshwire.connection.message.ChannelOpenConfirmation;
import org.sshwire.connection.message.ChannelRequest;
import org.sshwire.connection.message.ConnectionMessage;
import org.sshwire.sftp.internal.SftpFraming;
import org.sshwire.sftp.internal.SftpPacket;
import org.sshwire.transport.research.SessionDecoder;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.WireFormatException;

/**
 * The SFTP packets inside a session's channel data (draft-ietf-secsh-filexfer-02): a channel
 * becomes SFTP when the client asks for the {@code sftp} subsystem on it (RFC 4254 §6.5), and
 * from then on each direction's CHANNEL_DATA is read as SFTP frames, which may span packets.
 * One per session, fed every packet in the order it was sent.
 */
final class SftpInChannels {
    /** Longest text shown for one SFTP packet; a WRITE's or DATA's bytes are cut. */
    private static final int MAX_TEXT = 200;

    /** SFTP channels by the server's number whose confirmation (the client's number) is not seen yet. */
    private final Set<Long> awaitingClientNumber = new HashSet<>();
    /** SFTP channels, by the server's number (the client's data names it) and by the client's. */
    private final Map<Long, SftpFraming> requests = new HashMap<>();
    private final Map<Long, SftpFraming> responses = new HashMap<>();
    /** The server's channel number → the client's, from OPEN_CONFIRMATION. */
    private final Map<Long, Long> clientNumber = new HashMap<>();

    /** The SFTP packets this packet completes, as text; empty for anything else. */
    List<String> describe(SessionDecoder.Packet p) {
        if (!ConnectionMessage.isConnectionMessage(p.payload().msgId())) {
            return List.of();
        }
        ConnectionMessage m;
        try {
            m = ConnectionMessage.decode(p.payload());
        } catch (WireFormatException | IllegalArgumentException e) {
            return List.of();
        }
        boolean fromClient = p.flow() == SessionDecoder.Flow.CLIENT_TO_SERVER;
        // Packets of the two directions sent at nearly the same time may be shown in either order,
        // so a subsystem request may come before the confirmation that names the client's number.
        if (m instanceof ChannelOpenConfirmation c && !fromClient) {
            clientNumber.put(c.senderChannel(), c.recipientChannel());
            if (awaitingClientNumber.remove(c.senderChannel())) {
                responses.put(c.recipientChannel(), new SftpFraming(SftpFraming.DEFAULT_MAX_PACKET + 1024));
            }
        } else if (m instanceof ChannelRequest r && fromClient && r.requestType().equals("subsystem") && isSftp(r)) {
            requests.put(r.recipientChannel(), new SftpFraming(SftpFraming.DEFAULT_MAX_PACKET + 1024));
            Long client = clientNumber.get(r.recipientChannel());
            if (client != null) {
                responses.put(client, new SftpFraming(SftpFraming.DEFAULT_MAX_PACKET + 1024));
            } else {
                awaitingClientNumber.add(r.recipientChannel());
            }
        } else if (m instanceof ChannelData d) {
            SftpFraming f = (fromClient ? requests : responses).get(d.recipientChannel());
            if (f != null) {
                return frames(f, d, fromClient);
            }
        }
        return List.of();
    }

    private static boolean isSftp(ChannelRequest r) {
        try {
            return new SshReader(r.typeData()).readUtf8().equals("sftp");
        } catch (WireFormatException e) {
            return false;
        }
    }

    private List<String> frames(SftpFraming f, ChannelData d, boolean fromClient) {
        List<String> out = new ArrayList<>();
        try {
            f.feed(ByteBuffer.wrap(d.data().toArray()));
        } catch (WireFormatException e) {
            (fromClient ? requests : responses).remove(d.recipientChannel()); // cannot resynchronise
            return List.of("not SFTP from here on: " + e.getMessage());
        }
        for (byte[] frame; (frame = f.next()) != null; ) {
            String text;
            try {
                text = (fromClient ? SftpPacket.decodeRequest(frame) : SftpPacket.decode(frame)).toString();
            } catch (WireFormatException | IllegalArgumentException e) {
                text = "malformed SFTP packet of type " + (frame[0] & 0xff) + ": " + e.getMessage();
            }
            out.add(text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT - 1) + "…" : text);
        }
        return out;
    }
}
