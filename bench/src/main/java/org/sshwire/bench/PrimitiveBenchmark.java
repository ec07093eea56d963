package org.sshwire.bench;

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
import org.sshwire.transport.crypto.ChaCha20;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Poly1305;
import org.sshwire.transport.crypto.internal.jdk.JdkChaCha20;
import org.sshwire.transport.crypto.internal.plain.PlainChaCha20;
import org.sshwire.transport.crypto.internal.plain.PlainPoly1305;
import org.sshwire.transport.crypto.internal.vector.VectorChaCha20;
import org.sshwire.transport.crypto.internal.vector.VectorPoly1305;

/**
 * The two primitives of chacha20-poly1305@openssh.com alone, per implementation, over one 32 KiB
 * packet per operation (a fresh nonce or key each time, as SSH uses them): decides what the
 * default backend takes (bench/README.md). MB/s = ops/s × 32768 / 10^6.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class PrimitiveBenchmark {
    @Param({"chacha20-jdk", "chacha20-bc", "chacha20-plain", "chacha20-vector", "poly1305-bc", "poly1305-plain", "poly1305-vector"})
    public String impl;

    private ChaCha20 chacha;
    private Poly1305 poly;
    private final byte[] key = new byte[32];
    private final byte[] nonce = new byte[12];
    private final byte[] data = new byte[PacketProtectionBenchmark.PAYLOAD];
    private final byte[] tag = new byte[16];
    private long seq;

    @Setup
    public void setup() {
        CryptoBackend.bcOnly().random().nextBytes(key);
        switch (impl) {
            case "chacha20-jdk" -> chacha = new JdkChaCha20(key);
            case "chacha20-bc" -> chacha = CryptoBackend.bcOnly().chacha20(key);
            case "chacha20-plain" -> chacha = new PlainChaCha20(key);
            case "chacha20-vector" -> chacha = new VectorChaCha20(key);
            case "poly1305-bc" -> poly = CryptoBackend.bcOnly().poly1305();
            case "poly1305-plain" -> poly = new PlainPoly1305();
            case "poly1305-vector" -> poly = new VectorPoly1305();
            default -> throw new IllegalArgumentException(impl);
        }
    }

    @Benchmark
    public byte[] run() {
        if (chacha != null) {
            long s = seq++;
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] = (byte) (s >>> (56 - 8 * i));
            }
            chacha.start(nonce, 1);
            chacha.apply(data, 0, data.length, data, 0);
            return data;
        }
        poly.init(key);
        poly.update(data, 0, data.length);
        poly.doFinal(tag, 0);
        return tag;
    }
}
