package org.sshwire.cli;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sshwire.transport.Direction;
import org.sshwire.transport.PacketObserver;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;

/**
 * The {@code debug1:} lines {@code ssh -v} prints about the protocol, read off the plaintext
 * payloads of one connection (the transport's research {@link PacketObserver}): KEXINIT and
 * NEWKEYS each way, the algorithms chosen (RFC 4253 §7.1: the client's first name the server
 * also lists), EXT_INFO and SERVICE_ACCEPT, the authentication methods offered, tried and
 * accepted, and channel opens. It never changes a packet and never throws (a malformed one is
 * the engine's to refuse); messages are ssh 9.2's wording where ssh has one.
 *
 * <pre>{@code
 * transportConfig.observer(new DebugObserver("example.org", 22));
 * }</pre>
 */
final class DebugObserver implements PacketObserver {
    private final String host;
    private final int port;
    private KexInit sent;
    private KexInit received;
    private String method = "";
    private String lastMethod = "";
    private String offeredKey = "";
    /** Channel id → type, for the confirmations and failures. */
    private final Map<Long, String> channels = new ConcurrentHashMap<>();

    DebugObserver(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public synchronized void onPayload(Direction direction, int sequence, Payload p) {
        boolean out = direction == Direction.OUTBOUND;
        try {
            describe(out, p);
        } catch (RuntimeException e) {
            ClientDebug.debug1("cannot describe message " + p.msgId() + ": " + e.getMessage());
        }
    }

    private void describe(boolean out, Payload p) {
        String way = out ? "sent" : "received";
        SshReader r = p.reader();
        switch (p.msgId()) {
            case MessageNumbers.SSH_MSG_KEXINIT -> {
                ClientDebug.debug1("SSH2_MSG_KEXINIT " + way);
                if (out) {
                    sent = KexInit.decode(p);
                } else {
                    received = KexInit.decode(p);
                }
                if (sent != null && received != null) {
                    chosen(sent, received);
                    sent = null;
                    received = null;
                }
            }
            case MessageNumbers.SSH_MSG_NEWKEYS -> ClientDebug.debug1("SSH2_MSG_NEWKEYS " + way);
            case MessageNumbers.SSH_MSG_EXT_INFO -> ClientDebug.debug1("SSH2_MSG_EXT_INFO " + way);
            case MessageNumbers.SSH_MSG_SERVICE_ACCEPT -> ClientDebug.debug1("SSH2_MSG_SERVICE_ACCEPT received");
            case MessageNumbers.SSH_MSG_USERAUTH_REQUEST -> {
                r.readUtf8(); // user
                r.readUtf8(); // service
                String wire = r.readUtf8();
                if (wire.equals("none")) {
                    return;
                }
                // ssh names the method "publickey" whether or not the request is host-bound (PROTOCOL §2.5).
                String m = wire.equals("publickey-hostbound-v00@openssh.com") ? "publickey" : wire;
                if (!m.equals(method)) {
                    ClientDebug.debug1("Next authentication method: " + m);
                    method = m;
                }
                lastMethod = m;
                if (m.equals("publickey")) {
                    boolean signed = r.readBoolean();
                    r.readUtf8(); // algorithm
                    String key = describeKey(r.readStringArray());
                    // A key in memory is signed with without a query: that request offers it too.
                    if (!signed || !key.equals(offeredKey)) {
                        offeredKey = key;
                        ClientDebug.debug1("Offering public key: " + key);
                    }
                }
            }
            case MessageNumbers.SSH_MSG_USERAUTH_FAILURE -> {
                List<String> can = r.readNameList();
                ClientDebug.debug1("Authentications that can continue: " + String.join(",", can));
            }
            case MessageNumbers.SSH_MSG_USERAUTH_PK_OK -> {
                if (lastMethod.equals("publickey")) {
                    ClientDebug.debug1("Server accepts key: " + offeredKey);
                }
            }
            case MessageNumbers.SSH_MSG_USERAUTH_SUCCESS -> ClientDebug.verbose("Authenticated to " + host + " ("
                    + (port == 22 ? host : "[" + host + "]:" + port) + ") using \"" + lastMethod + "\".");
            case MessageNumbers.SSH_MSG_CHANNEL_OPEN -> {
                if (out) {
                    String type = r.readUtf8();
                    long id = r.readUint32();
                    channels.put(id, type);
                    ClientDebug.debug1("channel " + id + ": new " + type);
                }
            }
            case MessageNumbers.SSH_MSG_CHANNEL_OPEN_CONFIRMATION -> {
                if (!out) {
                    long id = r.readUint32();
                    r.readUint32(); // the server's channel
                    ClientDebug.debug1("channel " + id + ": open confirm rwindow " + r.readUint32() + " rmax " + r.readUint32());
                }
            }
            case MessageNumbers.SSH_MSG_CHANNEL_OPEN_FAILURE -> {
                if (!out) {
                    long id = r.readUint32();
                    long reason = r.readUint32();
                    ClientDebug.debug1("channel " + id + ": open failed: " + reasonText(reason) + ": " + r.readUtf8());
                    channels.remove(id);
                }
            }
            default -> {
                // not something ssh -v reports
            }
        }
    }

    /** RFC 4253 §7.1 for each list, printed as ssh's kex_choose_conf does. */
    private static void chosen(KexInit client, KexInit server) {
        ClientDebug.debug1("kex: algorithm: " + first(client.kexAlgorithms(), server.kexAlgorithms()));
        ClientDebug.debug1("kex: host key algorithm: " + first(client.serverHostKeyAlgorithms(), server.serverHostKeyAlgorithms()));
        ClientDebug.debug1("kex: server->client " + direction(first(client.encryptionServerToClient(), server.encryptionServerToClient()),
                first(client.macServerToClient(), server.macServerToClient()),
                first(client.compressionServerToClient(), server.compressionServerToClient())));
        ClientDebug.debug1("kex: client->server " + direction(first(client.encryptionClientToServer(), server.encryptionClientToServer()),
                first(client.macClientToServer(), server.macClientToServer()),
                first(client.compressionClientToServer(), server.compressionClientToServer())));
    }

    private static String direction(String cipher, String mac, String compression) {
        boolean aead = cipher.contains("gcm") || cipher.startsWith("chacha20-poly1305");
        return "cipher: " + cipher + " MAC: " + (aead ? "<implicit>" : mac) + " compression: " + compression;
    }

    private static String first(List<String> client, List<String> server) {
        for (String c : client) {
            if (server.contains(c)) {
                return c;
            }
        }
        return "(none)";
    }

    private static String describeKey(byte[] blob) {
        try {
            String type = new SshReader(blob).readUtf8();
            SshPublicKey k = KeyFiles.readPublicKeyLine(type + " " + Base64.getEncoder().encodeToString(blob));
            return KeyNames.sshType(k.keyType()) + " " + k.fingerprintSha256();
        } catch (RuntimeException e) {
            return "(unreadable key)";
        }
    }

    private static String reasonText(long reason) {
        return switch ((int) reason) {
            case 1 -> "administratively prohibited";
            case 2 -> "connect failed";
            case 3 -> "unknown channel type";
            case 4 -> "resource shortage";
            default -> "unknown reason " + reason;
        };
    }
}
