package org.sshwire.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.sshwire.auth.Identity;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SecurityKeyFile;
import org.sshwire.transport.keys.SecurityKeyPublicKey;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * Signs with a FIDO security key (PROTOCOL.u2f) the way OpenSSH's {@code ssh} does: through
 * {@code ssh-sk-helper}, which loads the provider library ({@code SecurityKeyProvider},
 * {@code SSH_SK_PROVIDER}) and talks to the authenticator, so no native code is loaded into the
 * JVM. One helper process per signature, as ssh-sk-client.c runs it: a request
 * {@code uint32 length || byte version || uint32 SSH_SK_HELPER_SIGN || byte log-on-stderr ||
 * uint32 log level || string key || string provider || string data || string alg || uint32 compat
 * || string pin} on its standard input, and {@code byte version || uint32 type || string
 * signature} (or {@code uint32 SSH_SK_HELPER_ERROR || uint32 -error}) back.
 */
final class SecurityKeySigner implements Identity.Signer {
    /** ssh-sk.h SSH_SK_HELPER_VERSION (OpenSSH 8.4 and later). */
    static final int HELPER_VERSION = 5;
    static final int HELPER_ERROR = 0;
    static final int HELPER_SIGN = 1;
    /** A signature reply larger than this is not one. */
    static final int MAX_REPLY = 64 * 1024;
    static final Path DEFAULT_HELPER = Path.of("/usr/lib/openssh/ssh-sk-helper");

    private final Bytes serializedKey;
    private final String provider;
    private final Path helper;

    SecurityKeySigner(Bytes serializedKey, String provider, Path helper) {
        this.serializedKey = serializedKey;
        this.provider = provider;
        this.helper = helper;
    }

    /** Whether a private key file holds a security key. */
    static boolean isSecurityKeyFile(byte[] file) {
        try {
            return KeyFiles.readPublicKeyOfPrivateKey(file) instanceof SecurityKeyPublicKey;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The identity of an sk key file, signing through {@code provider} ("internal", as ssh's
     * default, means the helper's built-in USB HID support); the helper is {@code SSH_SK_HELPER}
     * or OpenSSH's.
     */
    static Identity identity(Path file, byte[] bytes, String provider, CryptoBackend crypto) throws IOException {
        SecurityKeyFile f = KeyFiles.readSecurityKey(bytes, null, crypto);
        String env = System.getenv("SSH_SK_HELPER");
        Path helper = env == null || env.isEmpty() ? DEFAULT_HELPER : Path.of(env);
        SecurityKeySigner signer = new SecurityKeySigner(f.serialized(), provider == null ? "internal" : provider, helper);
        // As ssh does, a certificate beside the key (ssh-keygen -s writes <file>-cert.pub) is presented instead.
        Path certFile = file.resolveSibling(file.getFileName() + "-cert.pub");
        if (Files.isRegularFile(certFile)) {
            SshPublicKey c = KeyFiles.readPublicKeyLine(Files.readString(certFile).strip());
            if (c instanceof SshCertificate cert && cert.key().equals(f.publicKey())) {
                return new Identity(cert, signer);
            }
        }
        return new Identity(f.publicKey(), signer);
    }

    @Override
    public Bytes sign(SignatureAlgorithm alg, byte[] data) {
        if (!Files.isExecutable(helper)) {
            throw new IllegalStateException("security key helper " + helper + " is not executable");
        }
        SshWriter req = new SshWriter().writeUint32(HELPER_SIGN).writeByte(1).writeUint32(2 /* SYSLOG_LEVEL_ERROR */)
                .writeString(serializedKey).writeUtf8(provider).writeString(data).writeUtf8("").writeUint32(0).writeUtf8("");
        byte[] body = req.toByteArray();
        byte[] msg = new SshWriter().writeUint32(body.length + 1L).writeByte(HELPER_VERSION).writeRaw(body).toByteArray();
        Process p = null;
        try {
            p = new ProcessBuilder(helper.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream out = p.getOutputStream()) {
                out.write(msg);
            }
            byte[] reply = readMessage(p.getInputStream());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("security key helper did not exit");
            }
            return parseReply(reply);
        } catch (IOException e) {
            throw new UncheckedIOException("security key helper " + helper + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the security key signs", e);
        } finally {
            if (p != null) {
                p.destroy();
            }
        }
    }

    /** msg.c ssh_msg_recv: uint32 length, then that many bytes, the length bounded first. */
    static byte[] readMessage(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int len = d.readInt();
        if (len < 5 || len > MAX_REPLY) {
            throw new IOException("security key helper reply of " + Integer.toUnsignedString(len) + " bytes");
        }
        byte[] b = new byte[len];
        d.readFully(b);
        return b;
    }

    /** {@code byte version || uint32 type || ...}: the signature blob, or the helper's error. */
    static Bytes parseReply(byte[] reply) {
        SshReader r = new SshReader(reply);
        int version = r.readByte();
        if (version != HELPER_VERSION) {
            throw new IllegalStateException("security key helper speaks version " + version + ", not " + HELPER_VERSION);
        }
        long type = r.readUint32();
        if (type == HELPER_ERROR) {
            long err = r.readUint32();
            throw new IllegalStateException("security key signing failed (OpenSSH error -" + err + ")");
        }
        if (type != HELPER_SIGN) {
            throw new IllegalStateException("security key helper answered message type " + type);
        }
        Bytes sig = r.readString();
        r.expectEnd();
        return sig;
    }
}
