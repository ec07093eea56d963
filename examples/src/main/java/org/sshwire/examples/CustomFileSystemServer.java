package org.sshwire.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.server.SshServer;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.NameEntry;
import org.sshwire.sftp.SftpException;
import org.sshwire.sftp.SftpFileSystem;
import org.sshwire.sftp.SftpSubsystem;
import org.sshwire.sftp.StatusCode;
import org.sshwire.transport.crypto.CryptoBackend;

/**
 * An SFTP-only server whose files come from your code, not a disk: each user sees a read-only
 * tree holding one generated file, {@code /hello.txt}. Implement only the operations you
 * support; every other one answers SSH_FX_OP_UNSUPPORTED.
 *
 * <p>Usage: {@code CustomFileSystemServer PORT HOST_KEY AUTHORIZED_KEYS}
 */
public final class CustomFileSystemServer {
    private CustomFileSystemServer() {
    }

    public static void main(String[] args) throws Exception {
        CryptoBackend crypto = CryptoBackend.defaultBackend();
        Path authorizedKeys = Path.of(args[2]);
        SshServer server = SshServer.builder()
                .listen("127.0.0.1", Integer.parseInt(args[0]))
                .hostKeyFile(Path.of(args[1]))
                .auth(ServerAuthPolicy.builder()
                        .publicKeys(AuthorizedKeysVerifier.files(user -> authorizedKeys, crypto))
                        .build())
                // One file system per session, made for the user who logged in.
                .subsystem("sftp", SftpSubsystem.builder(session -> new GreetingFiles(session.user())).build())
                .build()
                .start();
        Serving.untilStopped(server);
    }

    /** A root directory with one read-only file greeting its user. */
    static final class GreetingFiles implements SftpFileSystem {
        private static final long NOW = System.currentTimeMillis() / 1000;
        private final byte[] hello;

        GreetingFiles(String user) {
            this.hello = ("hello " + user + "\n").getBytes(StandardCharsets.UTF_8);
        }

        private FileAttributes dirAttributes() {
            return FileAttributes.EMPTY.withPermissions(FileAttributes.S_IFDIR | 0555).withTimes(NOW, NOW).withSize(0);
        }

        private FileAttributes fileAttributes() {
            return FileAttributes.EMPTY.withPermissions(FileAttributes.S_IFREG | 0444).withTimes(NOW, NOW)
                    .withSize(hello.length);
        }

        @Override
        public String realPath(String path) throws IOException {
            String p = path.isEmpty() || path.equals(".") ? "/" : path.startsWith("/") ? path : "/" + path;
            return p.equals("/.") ? "/" : p;
        }

        @Override
        public FileAttributes stat(String path) throws IOException {
            return switch (realPath(path)) {
                case "/" -> dirAttributes();
                case "/hello.txt" -> fileAttributes();
                default -> throw new SftpException(StatusCode.NO_SUCH_FILE, "No such file");
            };
        }

        @Override
        public FileAttributes lstat(String path) throws IOException {
            return stat(path);
        }

        @Override
        public Directory openDirectory(String path) throws IOException {
            if (!realPath(path).equals("/")) {
                throw new SftpException(StatusCode.NO_SUCH_FILE, "No such file");
            }
            return new Directory() {
                private boolean done;

                @Override
                public List<NameEntry> read(int max) {
                    if (done) {
                        return List.of();
                    }
                    done = true;
                    return List.of(
                            new NameEntry(".", "dr-xr-xr-x 1 0 0 0 Jan 1 00:00 .", dirAttributes()),
                            new NameEntry("hello.txt", "-r--r--r-- 1 0 0 " + hello.length + " Jan 1 00:00 hello.txt",
                                    fileAttributes()));
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public File open(String path, int pflags, FileAttributes attrs) throws IOException {
            if (!realPath(path).equals("/hello.txt")) {
                throw new SftpException(StatusCode.NO_SUCH_FILE, "No such file");
            }
            if ((pflags & ~0x01) != 0) { // anything but SSH_FXF_READ
                throw new SftpException(StatusCode.PERMISSION_DENIED, "read-only");
            }
            return new File() {
                @Override
                public int read(long offset, byte[] buf, int off, int len) {
                    if (offset >= hello.length) {
                        return -1;
                    }
                    int n = (int) Math.min(len, hello.length - offset);
                    System.arraycopy(hello, (int) offset, buf, off, n);
                    return n;
                }

                @Override
                public FileAttributes stat() {
                    return fileAttributes();
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
