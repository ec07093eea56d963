package org.sshwire.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sshwire.transport.research.SessionDecoder;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.WireFormatException;

/**
 * The names and fields of the messages whose meaning depends on the session: 30–49 on the key
 * exchange method of the exchange in progress (RFC 4253 §8, RFC 4419, RFC 5656 §7,
 * draft-ietf-sshm-mlkem-hybrid-kex, OpenSSH's sntrup761x25519), and 60–61 on the
 * authentication method the client last asked for (RFC 4252 §7 PK_OK, §8 PASSWD_CHANGEREQ,
 * RFC 4256 §3.2 INFO_REQUEST). One per session; packets must be given in the order they were
 * sent. Anything else goes to {@link MessageFields}.
 */
final class MessageContext {
    private final List<SessionDecoder.Exchange> exchanges;
    private int clientKexInits;
    private int serverKexInits;
    private String authMethod = "";

    MessageContext(List<SessionDecoder.Exchange> exchanges) {
        this.exchanges = exchanges;
    }

    /** One message: its name and its fields. */
    record Message(String name, Map<String, Object> fields) {
    }

    Message describe(SessionDecoder.Packet p) {
        Payload m = p.payload();
        boolean fromClient = p.flow() == SessionDecoder.Flow.CLIENT_TO_SERVER;
        int id = m.msgId();
        if (id == MessageNumbers.SSH_MSG_KEXINIT) {
            if (fromClient) {
                clientKexInits++;
            } else {
                serverKexInits++;
            }
        } else if (id == MessageNumbers.SSH_MSG_USERAUTH_REQUEST) {
            SshReader r = m.reader();
            try {
                r.readUtf8();
                r.readUtf8();
                authMethod = r.readUtf8();
            } catch (WireFormatException e) {
                authMethod = "";
            }
        }
        String name = null;
        Map<String, Object> fields = new LinkedHashMap<>();
        try {
            SshReader r = m.reader();
            if (id >= 30 && id <= 49) {
                name = kex(kexMethod(fromClient), id, r, fields);
            } else if (id == 60 || id == 61) {
                name = auth(id, fromClient, r, fields);
            }
            if (name != null) {
                r.expectEnd();
            }
        } catch (WireFormatException | IllegalArgumentException e) {
            name = null;
        }
        if (name == null) {
            return new Message(MessageNumbers.name(id), MessageFields.of(m));
        }
        return new Message(name, fields);
    }

    /** The method of the exchange this side's latest KEXINIT began, or "" if unknown. */
    private String kexMethod(boolean fromClient) {
        int n = (fromClient ? clientKexInits : serverKexInits) - 1;
        return n >= 0 && n < exchanges.size() ? exchanges.get(n).algorithms().kex() : "";
    }

    private static String kex(String method, int id, SshReader r, Map<String, Object> f) {
        if (method.startsWith("diffie-hellman-group-exchange-")) {
            switch (id) {
                case 34 -> {
                    f.put("min", r.readUint32());
                    f.put("n", r.readUint32());
                    f.put("max", r.readUint32());
                    return "SSH_MSG_KEX_DH_GEX_REQUEST";
                }
                case 31 -> {
                    f.put("p", r.readMpint().toString(16));
                    f.put("g", r.readMpint().toString(16));
                    return "SSH_MSG_KEX_DH_GEX_GROUP";
                }
                case 32 -> {
                    f.put("e", r.readMpint().toString(16));
                    return "SSH_MSG_KEX_DH_GEX_INIT";
                }
                case 33 -> {
                    reply(r, "f", true, f);
                    return "SSH_MSG_KEX_DH_GEX_REPLY";
                }
                default -> {
                    return null;
                }
            }
        }
        boolean dh = method.startsWith("diffie-hellman-group");
        boolean hybrid = method.startsWith("mlkem") || method.startsWith("sntrup");
        boolean ecdh = method.startsWith("curve25519") || method.startsWith("curve448") || method.startsWith("ecdh-sha2-");
        if (!dh && !hybrid && !ecdh) {
            return null;
        }
        if (id == 30) {
            if (dh) {
                f.put("e", r.readMpint().toString(16));
                return "SSH_MSG_KEXDH_INIT";
            }
            MessageFields.bytes(f, hybrid ? "c_init" : "q_c", r.readString());
            return hybrid ? "SSH_MSG_KEX_HYBRID_INIT" : "SSH_MSG_KEX_ECDH_INIT";
        }
        if (id == 31) {
            reply(r, dh ? "f" : hybrid ? "s_reply" : "q_s", dh, f);
            return dh ? "SSH_MSG_KEXDH_REPLY" : hybrid ? "SSH_MSG_KEX_HYBRID_REPLY" : "SSH_MSG_KEX_ECDH_REPLY";
        }
        return null;
    }

    /** K_S, the server's public value, and the signature of H. */
    private static void reply(SshReader r, String value, boolean mpint, Map<String, Object> f) {
        MessageFields.bytes(f, "host_key", r.readString());
        if (mpint) {
            f.put(value, r.readMpint().toString(16));
        } else {
            MessageFields.bytes(f, value, r.readString());
        }
        MessageFields.bytes(f, "signature", r.readString());
    }

    private String auth(int id, boolean fromClient, SshReader r, Map<String, Object> f) {
        if (id == 61) {
            if (!fromClient || !authMethod.equals("keyboard-interactive")) {
                return null;
            }
            long n = r.readUint32();
            f.put("responses", n);
            Bytes rest = r.readRest();
            MessageFields.bytes(f, "rest", rest);
            return "SSH_MSG_USERAUTH_INFO_RESPONSE";
        }
        if (fromClient) {
            return null;
        }
        switch (authMethod) {
            case "publickey", "publickey-hostbound-v00@openssh.com" -> {
                f.put("algorithm", r.readUtf8());
                MessageFields.bytes(f, "key", r.readString());
                return "SSH_MSG_USERAUTH_PK_OK";
            }
            case "password" -> {
                f.put("prompt", r.readUtf8());
                f.put("language", r.readUtf8());
                return "SSH_MSG_USERAUTH_PASSWD_CHANGEREQ";
            }
            case "keyboard-interactive" -> {
                f.put("name", r.readUtf8());
                f.put("instruction", r.readUtf8());
                f.put("language", r.readUtf8());
                long n = r.readUint32();
                if (n > 1000) {
                    throw new IllegalArgumentException(n + " prompts");
                }
                for (long i = 0; i < n; i++) {
                    f.put("prompt" + (i + 1), r.readUtf8());
                    f.put("echo" + (i + 1), r.readBoolean());
                }
                return "SSH_MSG_USERAUTH_INFO_REQUEST";
            }
            default -> {
                return null;
            }
        }
    }
}
