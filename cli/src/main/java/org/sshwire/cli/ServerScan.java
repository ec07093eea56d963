package org.sshwire.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sshwire.transport.Direction;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.internal.kex.KexAlgorithm;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.internal.kex.KexNegotiator;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.MacAlgorithm;
import org.sshwire.transport.wire.MessageNumbers;

/**
 * Probes one SSH server: its identification and KEXINIT from a first connection, then one
 * connection per host-key algorithm it offers (that sshwire can verify) to collect each host
 * key. Every connection stops at the host key question: nothing is authenticated.
 */
final class ServerScan {
    /** Everything sshwire implements, legacy included, so old servers still complete a key exchange. */
    private static final List<String> ALL_KEX = KexAlgorithm.ALL.stream().map(KexAlgorithm::name).toList();
    private static final List<String> ALL_CIPHERS = CipherAlgorithm.ALL.stream()
            .filter(c -> c != CipherAlgorithm.NONE).map(CipherAlgorithm::name).toList();
    private static final List<String> ALL_MACS = MacAlgorithm.ALL.stream()
            .filter(m -> m != MacAlgorithm.NONE).map(MacAlgorithm::name).toList();

    record HostKey(String algorithm, SshPublicKey key) {
    }

    /**
     * @param extensions what the server sent in EXT_INFO after NEWKEYS (RFC 8308), or null if it sent none
     */
    record Result(String target, String identification, KexInit kexInit, List<HostKey> hostKeys,
                  Map<String, String> hostKeyErrors, Map<String, String> extensions) {
        boolean strictKex() {
            return kexInit.kexAlgorithms().contains(KexNegotiator.STRICT_KEX_S);
        }

        /** Servers before OpenSSH 9.6 send EXT_INFO without announcing ext-info-s, so either counts. */
        boolean extInfo() {
            return kexInit.kexAlgorithms().contains(KexNegotiator.EXT_INFO_S) || extensions != null;
        }
    }

    private ServerScan() {
    }

    static Result scan(String host, int port, int timeoutMillis) throws IOException {
        String target = host + ":" + port;
        Probe first = probe(host, port, timeoutMillis, null, true);
        if (first.kexInit == null) {
            throw UserErrors.fail(target + ": " + (first.error != null ? first.error : "no KEXINIT received"));
        }
        List<HostKey> keys = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (String alg : first.kexInit.serverHostKeyAlgorithms()) {
            if (SignatureAlgorithm.byName(alg) == null) {
                continue; // not one sshwire can verify; still listed among the algorithms
            }
            Probe p = probe(host, port, timeoutMillis, alg, false);
            if (p.hostKey != null) {
                keys.add(new HostKey(alg, p.hostKey));
            } else {
                errors.put(alg, p.error);
            }
        }
        return new Result(target, first.identification, first.kexInit, keys, errors, first.extensions);
    }

    /** One connection's findings. */
    private static final class Probe {
        String identification;
        KexInit kexInit;
        SshPublicKey hostKey;
        Map<String, String> extensions;
        boolean done;
        String error;
    }

    /**
     * One connection, stopped at the host key question — or, with {@code completeKex}, after the
     * first key exchange, to see whether the server sends EXT_INFO (it comes right after NEWKEYS).
     */
    private static Probe probe(String host, int port, int timeoutMillis, String hostKeyAlgorithm, boolean completeKex)
            throws IOException {
        Probe probe = new Probe();
        TransportConfig.Builder cfg = TransportConfig.client().kexAlgorithms(ALL_KEX).ciphers(ALL_CIPHERS).macs(ALL_MACS)
                .observer((d, seq, payload) -> {
                    if (d == Direction.INBOUND && payload.msgId() == MessageNumbers.SSH_MSG_KEXINIT && probe.kexInit == null) {
                        probe.kexInit = KexInit.decode(payload);
                    }
                });
        if (hostKeyAlgorithm != null) {
            cfg.hostKeyAlgorithms(List.of(hostKeyAlgorithm));
        }
        TransportEngine engine = new TransportEngine(cfg.build());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMillis);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[32 * 1024];
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (!probe.done && probe.error == null && System.nanoTime() < deadline) {
                flush(engine, out);
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    probe.error = "timed out";
                    break;
                }
                if (n < 0) {
                    engine.receiveEof();
                } else {
                    engine.receive(ByteBuffer.wrap(buf, 0, n));
                }
                probe.identification = engine.peerIdentification();
                for (TransportEvent e; (e = engine.pollEvent()) != null; ) {
                    if (e instanceof TransportEvent.HostKeyToVerify q) {
                        probe.hostKey = q.hostKey();
                        if (completeKex) {
                            engine.acceptHostKey(); // only to see EXT_INFO; nothing is authenticated
                        } else {
                            engine.rejectHostKey("sshwire scan: done");
                            probe.done = true;
                        }
                    } else if (e instanceof TransportEvent.ExtInfoReceived x) {
                        probe.extensions = new LinkedHashMap<>();
                        x.extensions().forEach((k, v) -> probe.extensions.put(k, v.asUtf8()));
                    } else if (e instanceof TransportEvent.KeysExchanged) {
                        engine.disconnect(org.sshwire.transport.wire.DisconnectReason.BY_APPLICATION, "sshwire scan: done");
                        probe.done = true;
                    } else if (e instanceof TransportEvent.Disconnected d && !probe.done) {
                        probe.error = d.description();
                    }
                }
            }
            flush(engine, out);
        }
        return probe;
    }

    private static void flush(TransportEngine engine, OutputStream out) throws IOException {
        for (ByteBuffer b; (b = engine.pollTransmit()) != null; ) {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        }
        out.flush();
    }
}
