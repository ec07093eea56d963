package org.sshwire.bench.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The benchmark's files, all on tmpfs so that disks do not take part: one client key, one
 * authorized_keys, one set of host keys (every server presents the same ed25519 key), the
 * SFTP root with the big file and the small files, and a client folder for downloads.
 */
final class Workspace implements AutoCloseable {
    static final String BIG = "data.bin";
    static final String SMALL = "small";

    final Path root;
    final Path clientKey;
    final Path authorizedKeys;
    /** sshwire's data dir: ssh_host_ed25519_key (+ ecdsa, rsa so that it generates none). */
    final Path hostKeys;
    final Path sftpRoot;
    final Path clientDir;
    final long bigBytes;
    final int smallFiles;

    private Workspace(Path root, long bigBytes, int smallFiles) {
        this.root = root;
        this.clientKey = root.resolve("client/id_ed25519");
        this.authorizedKeys = root.resolve("authorized_keys");
        this.hostKeys = root.resolve("hostkeys");
        this.sftpRoot = root.resolve("srv");
        this.clientDir = root.resolve("client");
        this.bigBytes = bigBytes;
        this.smallFiles = smallFiles;
    }

    static Workspace create(long bigBytes, int smallFiles) throws IOException {
        // tmpfs: /dev/shm where it exists (it does on Debian), else the temp dir.
        Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        Workspace ws = new Workspace(Files.createTempDirectory(base, "sshwire-bench-"), bigBytes, smallFiles);
        try {
            ws.populate();
        } catch (IOException | RuntimeException e) {
            ws.close();
            throw e;
        }
        return ws;
    }

    Path bigFile() {
        return sftpRoot.resolve(BIG);
    }

    Path hostKey() {
        return hostKeys.resolve("ssh_host_ed25519_key");
    }

    private void populate() throws IOException {
        Files.createDirectories(clientDir);
        Files.createDirectories(hostKeys);
        Files.createDirectories(sftpRoot.resolve(SMALL));
        Files.createDirectories(clientDir.resolve(SMALL));
        keygen("ed25519", clientKey);
        Files.copy(Path.of(clientKey + ".pub"), authorizedKeys);
        keygen("ed25519", hostKey());
        keygen("ecdsa", hostKeys.resolve("ssh_host_ecdsa_key"));
        keygen("rsa", hostKeys.resolve("ssh_host_rsa_key"));
        // Random content: nothing on the way may profit from compressible data.
        SplittableRandom random = new SplittableRandom(42);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(bigFile())) {
            for (long left = bigBytes; left > 0; left -= chunk.length) {
                fill(random, chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        byte[] small = new byte[4096];
        for (int i = 0; i < smallFiles; i++) {
            fill(random, small);
            String name = String.format("f%05d", i);
            Files.write(sftpRoot.resolve(SMALL).resolve(name), small);
            Files.write(clientDir.resolve(SMALL).resolve(name), small);
        }
    }

    private static void fill(SplittableRandom r, byte[] b) {
        for (int i = 0; i < b.length; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8 && i + j < b.length; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
    }

    private static void keygen(String type, Path file) {
        Proc.run(List.of("/usr/bin/ssh-keygen", "-q", "-t", type, "-N", "", "-C", "sshwire-bench", "-f", file.toString()),
                Duration.ofSeconds(60)).requireSuccess(List.of("ssh-keygen", type));
    }

    /** Removes a file or folder tree left by a transfer (not timed). */
    static void delete(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            all.sorted(Comparator.reverseOrder()).forEach(Proc::deleteQuietly);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        delete(root);
    }
}
