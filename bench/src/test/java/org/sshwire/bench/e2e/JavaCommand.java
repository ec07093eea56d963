package org.sshwire.bench.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM running one of the benchmark's main classes. Every child gets
 * this JVM's java and class path and the same (default) JVM options, so sshwire and MINA run
 * under equal conditions; sshwire's JVMs also get the Vector API module ({@link #sshwire}), as
 * {@code ./sshwire server} does, which only sshwire's crypto uses, and its server and bastion
 * JVMs the heap options that launcher gives them ({@link #SERVER_GC}).
 */
final class JavaCommand {
    /**
     * Whether sshwire's JVMs get {@code --add-modules jdk.incubator.vector}, as {@code ./sshwire
     * server} does on every Java version (the SIMD ChaCha20 on Java 17-19, the SIMD Poly1305 with
     * AVX-512 on any). {@code SSHWIRE_BENCH_VECTOR=off bench/run ...} turns it off for an A/B run.
     */
    static final boolean VECTOR_MODULE = !"off".equals(System.getProperty("sshwire.bench.vector", "on"));

    private JavaCommand() {
    }

    static List<String> of(Class<?> main, String... args) {
        return of(main.getName(), args);
    }

    static List<String> of(String mainClass, String... args) {
        return command(List.of(), mainClass, args);
    }

    /** As {@link #of(String, String...)} for an sshwire server or client JVM. */
    static List<String> sshwire(String mainClass, String... args) {
        return command(VECTOR_MODULE ? List.of("--add-modules", "jdk.incubator.vector") : List.of(), mainClass, args);
    }

    /**
     * The heap options {@code ./sshwire server} and {@code ./sshwire proxy} give their JVMs (give
     * back heap once quiet, JEP 346); the benchmark's server and bastion get them too, so they run
     * as shipped.
     */
    static final List<String> SERVER_GC = List.of("-XX:G1PeriodicGCInterval=15000", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30");

    /** As {@link #sshwire(String, String...)} for the server's JVM: with {@link #SERVER_GC}. */
    static List<String> sshwireServer(String mainClass, String... args) {
        return sshwire(SERVER_GC, mainClass, args);
    }

    /** As {@link #sshwire(String, String...)} with extra JVM options (a profiler's, say) before the main class. */
    static List<String> sshwire(List<String> extraJvmOptions, String mainClass, String... args) {
        List<String> options = new ArrayList<>(VECTOR_MODULE ? List.of("--add-modules", "jdk.incubator.vector") : List.of());
        options.addAll(extraJvmOptions);
        return command(options, mainClass, args);
    }

    private static List<String> command(List<String> jvmOptions, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }
}
