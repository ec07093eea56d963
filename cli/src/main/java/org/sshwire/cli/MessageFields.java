package org.sshwire.cli;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sshwire.connection.message.ChannelClose;
import org.sshwire.connection.message.ChannelData;
import org.sshwire.connection.message.ChannelEof;
import org.sshwire.connection.message.ChannelExtendedData;
import org.sshwire.connection.message.ChannelFailure;
import org.sshwire.connection.message.ChannelOpen;
import org.sshwire.connection.message.ChannelOpenConfirmation;
import org.sshwire.connection.message.ChannelOpenFailure;
import org.sshwire.connection.message.ChannelRequest;
import org.sshwire.connection.message.ChannelSuccess;
import org.sshwire.connection.message.ChannelWindowAdjust;
import org.sshwire.connection.message.ConnectionMessage;
import org.sshwire.connection.message.GlobalRequest;
import org.sshwire.connection.message.RequestSuccess;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.WireFormatException;

/**
 * The named fields of one SSH message, for {@code sshwire decrypt}: transport (RFC 4253, RFC
 * 8308), authentication (RFC 4252, RFC 4256) and connection messages (RFC 4254, through the
 * connection module's records). Values are strings, numbers, booleans or lists of strings; bytes
 * that are printable UTF-8 text become {@code name} (text), others {@code name_hex}. Method-
 * specific key exchange messages (30–49) and messages this does not know keep their body as
 * {@code body_hex}; a body that does not parse as its number says so in {@code malformed}.
 */
final class MessageFields {
    private MessageFields() {
    }

    static Map<String, Object> of(Payload p) {
        Map<String, Object> f = new LinkedHashMap<>();
        try {
            if (ConnectionMessage.isConnectionMessage(p.msgId())) {
                connection(ConnectionMessage.decode(p), f);
            } else {
                transportOrAuth(p, f);
            }
        } catch (WireFormatException | IllegalArgumentException e) {
            f.clear();
            f.put("malformed", e.getMessage());
            bytes(f, "body", p.body());
        }
        return f;
    }

    private static void transportOrAuth(Payload p, Map<String, Object> f) {
        SshReader r = p.reader();
        switch (p.msgId()) {
            case MessageNumbers.SSH_MSG_DISCONNECT -> {
                long code = r.readUint32();
                f.put("reason", code);
                DisconnectReason reason = DisconnectReason.of(code);
                f.put("reason_name", reason == null ? "unknown" : reason.name());
                f.put("description", r.readUtf8());
                f.put("language", r.readUtf8());
            }
            case MessageNumbers.SSH_MSG_IGNORE -> bytes(f, "data", r.readString());
            case MessageNumbers.SSH_MSG_UNIMPLEMENTED -> f.put("sequence", r.readUint32());
            case MessageNumbers.SSH_MSG_DEBUG -> {
                f.put("always_display", r.readBoolean());
                f.put("message", r.readUtf8());
                f.put("language", r.readUtf8());
            }
            case MessageNumbers.SSH_MSG_SERVICE_REQUEST, MessageNumbers.SSH_MSG_SERVICE_ACCEPT -> f.put("service", r.readUtf8());
            case MessageNumbers.SSH_MSG_EXT_INFO -> {
                long n = r.readUint32();
                for (long i = 0; i < n; i++) {
                    String name = r.readUtf8();
                    bytes(f, name, r.readString());
                }
            }
            case MessageNumbers.SSH_MSG_KEXINIT -> {
                kexInit(KexInit.decode(p), f); // strict: it checked the whole body
                r.readRest();
            }
            case MessageNumbers.SSH_MSG_NEWKEYS, MessageNumbers.SSH_MSG_USERAUTH_SUCCESS -> {
                // no fields
            }
            case MessageNumbers.SSH_MSG_USERAUTH_REQUEST -> {
                f.put("user", r.readUtf8());
                f.put("service", r.readUtf8());
                String method = r.readUtf8();
                f.put("method", method);
                authMethod(method, r, f);
            }
            case MessageNumbers.SSH_MSG_USERAUTH_FAILURE -> {
                f.put("methods", r.readNameList());
                f.put("partial_success", r.readBoolean());
            }
            case MessageNumbers.SSH_MSG_USERAUTH_BANNER -> {
                f.put("message", r.readUtf8());
                f.put("language", r.readUtf8());
            }
            case MessageNumbers.SSH_MSG_USERAUTH_INFO_RESPONSE -> {
                long n = r.readUint32();
                f.put("responses", n);
                bytes(f, "rest", r.readRest());
            }
            default -> {
                // 30–49 and 60 depend on the method in use; anything else is not ours to name.
                bytes(f, "body", r.readRest());
            }
        }
        r.expectEnd();
    }

    private static void authMethod(String method, SshReader r, Map<String, Object> f) {
        switch (method) {
            case "password" -> {
                boolean change = r.readBoolean();
                f.put("change", change);
                f.put("password", r.readUtf8());
                if (change) {
                    f.put("new_password", r.readUtf8());
                }
            }
            case "publickey", "publickey-hostbound-v00@openssh.com", "hostbased" -> {
                if (!method.equals("hostbased")) {
                    f.put("has_signature", r.readBoolean());
                }
                f.put("algorithm", r.readUtf8());
                bytes(f, "key", r.readString());
                bytes(f, "rest", r.readRest());
            }
            case "keyboard-interactive" -> {
                f.put("language", r.readUtf8());
                f.put("submethods", r.readUtf8());
            }
            default -> {
                Bytes rest = r.readRest();
                if (!rest.isEmpty()) {
                    bytes(f, "rest", rest); // "none" has nothing more
                }
            }
        }
    }

    private static void kexInit(KexInit k, Map<String, Object> f) {
        f.put("cookie", k.cookie().toHex());
        f.put("kex_algorithms", k.kexAlgorithms());
        f.put("server_host_key_algorithms", k.serverHostKeyAlgorithms());
        f.put("encryption_client_to_server", k.encryptionClientToServer());
        f.put("encryption_server_to_client", k.encryptionServerToClient());
        f.put("mac_client_to_server", k.macClientToServer());
        f.put("mac_server_to_client", k.macServerToClient());
        f.put("compression_client_to_server", k.compressionClientToServer());
        f.put("compression_server_to_client", k.compressionServerToClient());
        f.put("first_kex_packet_follows", k.firstKexPacketFollows());
    }

    private static void connection(ConnectionMessage m, Map<String, Object> f) {
        if (m instanceof ChannelData d) {
            f.put("recipient_channel", d.recipientChannel());
            bytes(f, "data", d.data());
        } else if (m instanceof ChannelExtendedData d) {
            f.put("recipient_channel", d.recipientChannel());
            f.put("data_type_code", d.dataTypeCode());
            bytes(f, "data", d.data());
        } else if (m instanceof ChannelWindowAdjust w) {
            f.put("recipient_channel", w.recipientChannel());
            f.put("bytes_to_add", w.bytesToAdd());
        } else if (m instanceof ChannelOpen o) {
            f.put("channel_type", o.channelType());
            f.put("sender_channel", o.senderChannel());
            f.put("initial_window_size", o.initialWindowSize());
            f.put("maximum_packet_size", o.maximumPacketSize());
            bytes(f, "type_data", o.typeData());
        } else if (m instanceof ChannelOpenConfirmation c) {
            f.put("recipient_channel", c.recipientChannel());
            f.put("sender_channel", c.senderChannel());
            f.put("initial_window_size", c.initialWindowSize());
            f.put("maximum_packet_size", c.maximumPacketSize());
        } else if (m instanceof ChannelOpenFailure c) {
            f.put("recipient_channel", c.recipientChannel());
            f.put("reason_code", c.reasonCode());
            f.put("description", c.description());
        } else if (m instanceof ChannelRequest q) {
            f.put("recipient_channel", q.recipientChannel());
            f.put("request_type", q.requestType());
            f.put("want_reply", q.wantReply());
            requestData(q.requestType(), q.typeData(), f);
        } else if (m instanceof GlobalRequest g) {
            f.put("request_name", g.requestName());
            f.put("want_reply", g.wantReply());
            bytes(f, "data", g.data());
        } else if (m instanceof RequestSuccess s) {
            bytes(f, "data", s.data());
        } else if (m instanceof ChannelEof e) {
            f.put("recipient_channel", e.recipientChannel());
        } else if (m instanceof ChannelClose c) {
            f.put("recipient_channel", c.recipientChannel());
        } else if (m instanceof ChannelSuccess s) {
            f.put("recipient_channel", s.recipientChannel());
        } else if (m instanceof ChannelFailure c) {
            f.put("recipient_channel", c.recipientChannel());
        }
    }

    /** The request-specific data of the common channel requests (RFC 4254 §6). */
    private static void requestData(String type, Bytes data, Map<String, Object> f) {
        SshReader r = new SshReader(data);
        switch (type) {
            case "exec" -> f.put("command", r.readUtf8());
            case "subsystem" -> f.put("subsystem", r.readUtf8());
            case "env" -> {
                f.put("name", r.readUtf8());
                f.put("value", r.readUtf8());
            }
            case "exit-status" -> f.put("exit_status", r.readUint32());
            case "pty-req" -> {
                f.put("term", r.readUtf8());
                f.put("columns", r.readUint32());
                f.put("rows", r.readUint32());
                r.readRest();
            }
            default -> bytes(f, "data", r.readRest());
        }
        r.expectEnd();
    }

    /** {@code name} as text when the bytes are printable UTF-8, else {@code name_hex}. */
    static void bytes(Map<String, Object> f, String name, Bytes b) {
        String text = printable(b);
        if (text != null) {
            f.put(name, text);
        } else {
            f.put(name + "_hex", b.toHex());
        }
    }

    /** The bytes as text if they are valid UTF-8 of printable characters, tabs and line ends; else null. */
    static String printable(Bytes b) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b.toArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return null;
            }
        }
        return s;
    }

    /** One line of text: lists bracketed, strings quoted with escapes. */
    static String text(Map<String, Object> f) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : f.entrySet()) {
            b.append(' ').append(e.getKey()).append('=');
            Object v = e.getValue();
            if (v instanceof String s) {
                b.append(quote(s));
            } else if (v instanceof List<?> l) {
                b.append('[').append(String.join(",", l.stream().map(String::valueOf).toList())).append(']');
            } else {
                b.append(v);
            }
        }
        return b.toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Writes the fields as the members of the current JSON object. */
    static void json(Map<String, Object> f, JsonWriter w) {
        for (Map.Entry<String, Object> e : f.entrySet()) {
            w.name(e.getKey());
            Object v = e.getValue();
            if (v instanceof String s) {
                w.value(s);
            } else if (v instanceof Boolean bool) {
                w.value(bool);
            } else if (v instanceof Number n) {
                w.value(n.longValue());
            } else if (v instanceof List<?> l) {
                w.beginArray();
                l.forEach(x -> w.value(String.valueOf(x)));
                w.endArray();
            }
        }
    }
}
