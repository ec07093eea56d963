package org.sshwire.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.internal.packet.PacketFramer;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;

/**
 * A hand-driven peer for negative tests (DESIGN §5): writes whatever cleartext packets a test
 * asks for into an engine and reports how the engine ended.
 */
final class ScriptedPeer {
    final TransportEngine engine;
    private final PacketFramer framer = new PacketFramer(new SecureRandom());

    ScriptedPeer(TransportEngine engine) {
        this.engine = engine;
    }

    ScriptedPeer raw(byte[] bytes) {
        engine.receive(ByteBuffer.wrap(bytes));
        return this;
    }

    ScriptedPeer line(String text) {
        return raw((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    ScriptedPeer packet(Payload p) {
        byte[] b = p.toByteArray();
        return raw(framer.frame(b, 0, b.length));
    }

    /** Identification and a KEXINIT offering just {@code kex} with ordinary other lists. */
    ScriptedPeer hello(String kex) {
        line("SSH-2.0-Scripted_1.0");
        return packet(KexInit.of(Bytes.wrap(new byte[16]), List.of(kex), List.of("ssh-ed25519"),
                List.of("aes128-ctr"), List.of("hmac-sha2-256")).toPayload());
    }

    /** The engine's disconnect, or null while it is still open. */
    TransportEvent.Disconnected outcome() {
        for (TransportEvent e; (e = engine.pollEvent()) != null; ) {
            if (e instanceof TransportEvent.Disconnected d) {
                return d;
            }
        }
        return null;
    }
}
