package org.sshwire.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test data: a large random file, a tree of small files, SHA-256 of both. */
final class Trees {
    private Trees() {
    }

    static void writeRandomFile(Path p, long size, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long left = size; left > 0; ) {
                r.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    /** {@code count} files of 0..4 KiB spread over nested directories. */
    static void writeTree(Path root, int count, long seed) throws IOException {
        Random r = new Random(seed);
        for (int i = 0; i < count; i++) {
            Path dir = root.resolve("d" + (i % 10)).resolve("e" + (i % 7));
            Files.createDirectories(dir);
            byte[] b = new byte[r.nextInt(4097)];
            r.nextBytes(b);
            Files.write(dir.resolve("f" + i + ".bin"), b);
        }
    }

    static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Relative path to SHA-256 for every regular file under {@code root}. */
    static TreeMap<String, String> digests(Path root) throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    m.put(root.relativize(p).toString(), sha256(p));
                }
            }
        }
        return m;
    }
}
