package org.sshwire.connection.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.ClientAuthConfig;
import org.sshwire.auth.Identity;
import org.sshwire.connection.engine.ConnectionConfig;
import org.sshwire.transport.Direction;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.research.ConnectionHooks;
import org.sshwire.transport.research.ScriptedPeer;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshWriter;

/**
 * The RESEARCH.md recipe "Every message number in every state": a client sends each message
 * number 0–255 to our server in five states and the server's answer is checked against what
 * RFC 4253 §7.1/§11, RFC 4252 §5.1/§6, RFC 4254 and OpenSSH's strict kex (PROTOCOL §1.10) say.
 */
class EveryMessageNumberRecipeTest {
    static final String[] STATES = {"before KEXINIT", "kex (strict)", "kex (no strict)", "pre-auth", "after auth"};

    // --- RESEARCH.md: Every message number
    /** A well-formed body for the numbers the server knows, else an empty one. */
    static Payload probe(int m) {
        SshWriter w = new SshWriter();
        switch (m) {
            case 1 -> w.writeUint32(11).writeUtf8("bye").writeUtf8("");
            case 2 -> w.writeString(Bytes.EMPTY);
            case 3 -> w.writeUint32(0);
            case 4 -> w.writeBoolean(false).writeUtf8("debug").writeUtf8("");
            case 5, 6 -> w.writeUtf8("ssh-userauth");
            case 7 -> w.writeUint32(0);
            case 20 -> w.writeRaw(clientKexInit(false).toPayload().body());
            case 30 -> w.writeString(x25519Point());
            case 50 -> w.writeUtf8("alice").writeUtf8("ssh-connection").writeUtf8("none");
            case 80 -> w.writeUtf8("keepalive@openssh.com").writeBoolean(true);
            case 90 -> w.writeUtf8("session").writeUint32(7).writeUint32(65536).writeUint32(32768);
            case 192 -> w.writeString(Bytes.EMPTY);
            default -> { }
        }
        return new Payload(m, w.toBytes());
    }

    /** The X25519 base point, a valid public value (RFC 7748 §4.1). */
    static Bytes x25519Point() {
        byte[] u = new byte[32];
        u[0] = 9;
        return Bytes.wrap(u);
    }

    static KexInit clientKexInit(boolean strict) {
        List<String> kex = strict ? List.of("curve25519-sha256", "kex-strict-c-v00@openssh.com") : List.of("curve25519-sha256");
        return KexInit.of(Bytes.wrap(new byte[16]), kex, List.of("ssh-ed25519"), List.of("aes128-ctr"), List.of("hmac-sha2-256"));
    }

    /** How the server answered: UNIMPLEMENTED (with whether the sequence number was right), DISCONNECT and reason, other replies, or nothing. */
    static String answer(List<Payload> sent, int probeSeq, boolean closed) {
        List<String> out = new ArrayList<>();
        for (Payload p : sent) {
            if (p.msgId() == MessageNumbers.SSH_MSG_UNIMPLEMENTED) {
                long seq = p.reader().readUint32();
                out.add(seq == probeSeq ? "UNIMPLEMENTED" : "UNIMPLEMENTED(#" + seq + "!=#" + probeSeq + ")");
            } else if (p.msgId() == MessageNumbers.SSH_MSG_DISCONNECT) {
                out.add("DISCONNECT " + DisconnectReason.of(p.reader().readUint32()));
            } else {
                out.add(MessageNumbers.name(p.msgId()).replace("SSH_MSG_", ""));
            }
        }
        if (out.isEmpty()) {
            return closed ? "closed" : "-";
        }
        return String.join("+", out);
    }

    /** States 0–2: a scripted client in cleartext; the probe is packet #0 (before KEXINIT) or #1 (after it). */
    static String cleartextState(int state, int m) {
        ScriptedPeer peer = ScriptedPeer.against(new TransportEngine(TransportConfig.server(List.of(ConnectionRecipesTest.HOST)).build()))
                .line("SSH-2.0-Probe_1.0");
        if (state > 0) {
            peer.kexInit(clientKexInit(state == 1));
        }
        int before = peer.expect(MessageNumbers.SSH_MSG_KEXINIT).received().size();
        peer.packet(probe(m));
        List<Payload> sent = peer.received();
        return answer(sent.subList(before, sent.size()), state == 0 ? 0 : 1, peer.engine().isClosed());
    }

    /**
     * States 3–4: our client engine sends the probe raw and then falls silent (a payload
     * interceptor drops all it would send next, such as its own KEXINIT when the server answers
     * a probe KEXINIT). Before authentication the client waits for a password its application
     * never gives, so nothing is pending at the server; after it, it logged in with a key.
     */
    static String encryptedState(boolean authenticated, int m) {
        List<Payload> sent = new ArrayList<>();
        int[] probeSeq = {-1};
        ConnectionHooks watch = ConnectionHooks.builder().payloadObserver((c, dir, seq, p) -> {
            if (dir == Direction.OUTBOUND) {
                sent.add(p);
            } else if (p.msgId() == m) {
                probeSeq[0] = seq;
            }
        }).build();
        boolean[] armed = {false};
        boolean[] silent = {false};
        ConnectionHooks thenSilent = ConnectionHooks.builder().payloadInterceptor((c, dir, p) -> {
            if (dir != Direction.OUTBOUND || !armed[0]) {
                return List.of(p);
            }
            if (silent[0]) {
                return List.of();
            }
            silent[0] = true;
            return List.of(p);
        }).build();
        ClientAuthConfig auth = authenticated
                ? ClientAuthConfig.builder("alice").methods(List.of("publickey"))
                        .identity(Identity.of(ConnectionRecipesTest.ALICE, ConnectionRecipesTest.CRYPTO)).build()
                : ClientAuthConfig.builder("alice").methods(List.of("password")).build();
        ConnectionRecipesTest.Stack s = new ConnectionRecipesTest.Stack(auth, thenSilent, ConnectionConfig.server(), watch);
        s.acceptOpens = false;
        s.pump();
        if (s.server.isAuthenticated() != authenticated || s.server.transport().isClosed()
                || s.clientEvents(TransportEvent.ServiceAccepted.class).isEmpty()) {
            throw new AssertionError("not in the state: " + s.serverEvents);
        }
        int before = sent.size();
        armed[0] = true;
        s.client.transport().sendRaw(probe(m));
        s.pump();
        return answer(sent.subList(before, sent.size()), probeSeq[0], s.server.transport().isClosed());
    }

    static String[] row(int m) {
        return new String[] {cleartextState(0, m), cleartextState(1, m), cleartextState(2, m),
                encryptedState(false, m), encryptedState(true, m)};
    }
    // ---

    /**
     * What the RFCs and OpenSSH say the server answers to message {@code m} in {@code state}
     * (the sources are in RESEARCH.md's recipe).
     */
    static String expected(int state, int m) {
        boolean unassignedTransport = m == 0 || m >= 8 && m <= 19 || m >= 22 && m <= 29; // RFC 4250 §4.1.2
        String protocolError = "DISCONNECT PROTOCOL_ERROR";
        if (m == 1) {
            return "closed";                                         // RFC 4253 §11.1
        }
        switch (state) {
            case 0: // before the client's KEXINIT: only transport generic messages and KEXINIT
                if (m == 2 || m == 3 || m == 4 || m == 20) {
                    return "-";                                      // RFC 4253 §11.2–11.4; the exchange goes on
                }
                if (m == 192 || m == 193) {
                    return "-";                                      // OpenSSH PROTOCOL §1.9: no PONG before auth
                }
                return unassignedTransport ? "UNIMPLEMENTED" : protocolError; // §11.4; §10, §7.1, RFC 4252 §6
            case 1: // strict kex, between the client's KEXINIT and NEWKEYS: only kex messages
                return m == 30 ? "KEX_31+NEWKEYS" : protocolError;   // OpenSSH PROTOCOL §1.10
            case 2: // plain kex, RFC 4253 §7.1: generic and kex messages; unrecognised ones UNIMPLEMENTED
                if (m == 2 || m == 3 || m == 4) {
                    return "-";
                }
                if (m == 30) {
                    return "KEX_31+NEWKEYS";
                }
                return unassignedTransport && m != 0 ? "UNIMPLEMENTED" : protocolError; // 0 is in no range §7.1 allows
            default: // 3: after NEWKEYS, authentication in progress; 4: authenticated
                boolean auth = state == 4;
                if (m == 2 || m == 3 || m == 4 || m == 193) {
                    return "-";
                }
                if (unassignedTransport) {
                    return "UNIMPLEMENTED";                          // RFC 4253 §11.4
                }
                if (m == 5) {                                        // the same service again changes nothing;
                    return auth ? protocolError : "SERVICE_ACCEPT";  // once it runs, a request is out of place
                }
                if (m == 20) {
                    return "KEXINIT";                                // the client starts a re-exchange (§9)
                }
                if (m == 6 || m == 7 || m == 21 || m >= 30 && m <= 49) {
                    return protocolError;                            // wrong direction or state (§7.1, RFC 8308 §2.4)
                }
                if (m == 50) {
                    return auth ? "-" : "USERAUTH_FAILURE";          // RFC 4252 §5.1: ignored after success
                }
                if (m >= 51 && m <= 61 && !auth) {
                    return protocolError;                            // server-to-client only (CVE-2018-10933)
                }
                if (m >= 51 && m <= 79) {
                    return "UNIMPLEMENTED";                          // unassigned, or the auth layer is done
                }
                if (!auth) {                                         // RFC 4252 §6: the connection protocol
                    return m == 192 ? "-" : m <= 127 ? protocolError : "UNIMPLEMENTED"; // before auth (CVE-2025-32433)
                }
                if (m == 80) {
                    return "REQUEST_FAILURE";                        // RFC 4254 §4: keepalive@openssh.com refused, as OpenSSH
                }
                if (m == 90) {
                    return "-";                                      // the open waits for the application
                }
                if (m == 192) {
                    return "PONG";                                   // OpenSSH PROTOCOL §1.9
                }
                if (m == 81 || m == 82 || m >= 91 && m <= 100) {
                    return protocolError;                            // replies to nothing, unknown channel 0
                }
                return "UNIMPLEMENTED";                              // 101–127 unassigned, 128–191 client protocols, local extensions
        }
    }

    @Test
    void everyMessageNumberInEveryStateIsAnsweredAsTheRfcsSay() {
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (int m = 0; m < 256; m++) {
            String[] got = row(m);
            for (int st = 0; st < STATES.length; st++) {
                if (!got[st].equals(expected(st, m))) {
                    wrong.add(m + " " + MessageNumbers.name(m) + " " + STATES[st] + ": got " + got[st] + ", expected " + expected(st, m));
                }
            }
            rows.computeIfAbsent(String.join(" | ", got), k -> new ArrayList<>()).add(m);
        }
        System.out.println("recipe: numbers | " + String.join(" | ", STATES));
        rows.forEach((answers, numbers) -> System.out.println("recipe: " + ranges(numbers) + " | " + answers));
        assertTrue(wrong.isEmpty(), () -> wrong.size() + " answers differ:\n" + String.join("\n", wrong));
        assertEquals(256, rows.values().stream().mapToInt(List::size).sum());
    }

    /** "0, 8-19, 22-29" for a sorted list of numbers. */
    static String ranges(List<Integer> ns) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < ns.size(); ) {
            int j = i;
            while (j + 1 < ns.size() && ns.get(j + 1) == ns.get(j) + 1) {
                j++;
            }
            parts.add(i == j ? "" + ns.get(i) : ns.get(i) + "-" + ns.get(j));
            i = j + 1;
        }
        return String.join(", ", parts);
    }
}
