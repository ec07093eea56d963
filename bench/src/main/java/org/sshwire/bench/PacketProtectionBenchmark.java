package org.sshwire.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.DirectionKeys;
import org.sshwire.transport.internal.packet.MacAlgorithm;
import org.sshwire.transport.internal.packet.PacketDeframer;
import org.sshwire.transport.internal.packet.PacketFramer;
import org.sshwire.transport.internal.packet.PacketProtection;
import org.sshwire.transport.wire.Bytes;

/**
 * Seal + open throughput of one 32 KiB payload per operation, per cipher suite and backend.
 * MB/s = ops/s × 32768 / 10^6 (see bench/README.md for the table and how the default backend
 * follows from it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
// The module gives the default backend its SIMD ChaCha20 and Poly1305, as `sshwire server` runs.
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class PacketProtectionBenchmark {
    public static final int PAYLOAD = 32 * 1024;

    @Param({"chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
        "aes128-ctr+hmac-sha2-256-etm@openssh.com", "aes256-ctr+hmac-sha2-512-etm@openssh.com",
        "aes128-ctr+hmac-sha2-256"})
    public String suite;

    @Param({"default", "bc"})
    public String backend;

    private PacketFramer framer;
    private PacketDeframer deframer;
    private byte[] payload;

    @Setup
    public void setup() {
        CryptoBackend crypto = backend.equals("bc") ? CryptoBackend.bcOnly() : CryptoBackend.defaultBackend();
        String[] parts = suite.split("\\+");
        CipherAlgorithm cipher = CipherAlgorithm.byName(parts[0]);
        MacAlgorithm mac = parts.length > 1 ? MacAlgorithm.byName(parts[1]) : MacAlgorithm.NONE;
        byte[] k = new byte[64];
        crypto.random().nextBytes(k);
        DirectionKeys keys = new DirectionKeys(Bytes.of(k, 0, cipher.ivLength()), Bytes.of(k, 0, cipher.keyLength()),
                Bytes.of(k, 0, cipher.isAead() ? 0 : mac.keyLength()));
        framer = new PacketFramer(crypto.random());
        framer.setSealer(PacketProtection.sealer(crypto, cipher, mac, keys));
        deframer = new PacketDeframer();
        deframer.setOpener(PacketProtection.opener(crypto, cipher, mac, keys));
        payload = new byte[PAYLOAD];
        crypto.random().nextBytes(payload);
    }

    @Benchmark
    public Bytes sealAndOpen() {
        byte[] wire = framer.frame(payload, 0, payload.length);
        return deframer.poll(ByteBuffer.wrap(wire));
    }
}
