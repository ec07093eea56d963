package org.sshwire.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertificateBuilder;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.keys.WrongPassphraseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sshwire keygen}: ssh-keygen's flags for generating keys, fingerprints, public keys,
 * passphrase changes, certificates and RFC 4716 conversion, so scripts work unchanged.
 *
 * <pre>{@code
 * sshwire keygen -t ed25519 -N '' -f host_key
 * sshwire keygen -l -f host_key.pub
 * sshwire keygen -s ca -I web1 -h -n web1.example.org -V +52w host_key.pub
 * }</pre>
 */
@Command(name = "keygen",
        description = "Generate, inspect and convert keys, and sign certificates (ssh-keygen's flags).")
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // Only --help: -h means "host certificate", as in ssh-keygen.
    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "-t", description = "Key type: ed25519, ecdsa, rsa (with -s: the CA signature algorithm for RSA CAs).")
    String type;
    @Option(names = "-b", description = "Key size in bits (ecdsa: 256, 384, 521; rsa: >= 2048).")
    int bits;
    @Option(names = "-N", description = "New passphrase ('' for none).")
    String newPassphrase;
    @Option(names = "-P", description = "Old or current passphrase.")
    String passphrase;
    @Option(names = "-f", description = "Key file.")
    Path file;
    @Option(names = "-C", description = "Comment.")
    String comment;
    @Option(names = "-q", description = "Quiet.")
    boolean quiet;
    @Option(names = "-l", description = "Show the fingerprint of a key file.")
    boolean fingerprint;
    @Option(names = "-E", description = "Fingerprint hash: sha256 (default) or md5.")
    String fingerprintHash = "sha256";
    @Option(names = "-y", description = "Print the public key of a private key file.")
    boolean printPublic;
    @Option(names = "-p", description = "Change the passphrase of a private key file.")
    boolean changePassphrase;
    @Option(names = "-s", description = "Sign public keys with this CA key, writing *-cert.pub; with -k, the CA (public) key of serial: and id: lines.")
    Path caKey;
    @Option(names = "-I", description = "Certificate key identity.")
    String keyId;
    @Option(names = "-n", description = "Certificate principals, comma-separated.")
    String principals;
    @Option(names = "-V", description = "Certificate validity interval, e.g. +52w or 20250101:20260101.")
    String validity;
    @Option(names = "-h", description = "Sign a host certificate instead of a user certificate.")
    boolean hostCertificate;
    @Option(names = "-z", description = "Certificate serial number; with -k, the KRL version number.")
    long serial;
    @Option(names = "-O", description = "Certificate option: force-command=..., source-address=..., clear, no-pty, ...")
    List<String> certOptions = new ArrayList<>();
    @Option(names = "-k", description = "Write a KRL (key revocation list) to -f from key specification files: public keys, serial:, id:, key:, sha1:, sha256:, hash: lines.")
    boolean generateKrl;
    @Option(names = "-u", description = "With -k: add to the KRL already in -f.")
    boolean updateKrl;
    @Option(names = "-Q", description = "Test whether the keys in the files are revoked by the KRL -f (exit 1 if any is).")
    boolean queryKrl;
    @Option(names = "-e", description = "Export a public key (RFC 4716).")
    boolean export;
    @Option(names = "-i", description = "Import an RFC 4716 public key, printing it in OpenSSH form.")
    boolean importKey;
    @Option(names = "-m", description = "Key format for -e/-i: RFC4716 (PEM and PKCS8 are not supported yet).")
    String format = "RFC4716";
    @Parameters(description = "With -s: the public key files to certify; with -k: key specification files; with -Q: public key files.")
    List<Path> publicKeys = new ArrayList<>();

    private final CryptoBackend crypto = CryptoBackend.defaultBackend();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (generateKrl) {
            SshPublicKey ca = caKey == null ? null : publicKeyOf(caKey, Files.readAllBytes(caKey)).key();
            KrlSpec.generate(requireFile(), ca, serial != 0 ? serial : null, updateKrl, publicKeys);
            return 0;
        }
        if (queryKrl) {
            int status = KrlSpec.query(requireFile(), publicKeys, out);
            out.flush();
            return status;
        }
        if (caKey != null) {
            sign(out);
        } else if (fingerprint) {
            printFingerprint(out);
        } else if (printPublic) {
            SshKeyPair kp = readPrivate(requireFile());
            out.println(kp.publicKey().toOpenSshLine(kp.comment()));
        } else if (changePassphrase) {
            changePassphrase(out);
        } else if (export || importKey) {
            convert(out);
        } else {
            generate(out);
        }
        out.flush();
        return 0;
    }

    private Path requireFile() {
        if (file == null) {
            throw UserErrors.fail("no key file given (-f)");
        }
        return file;
    }

    private void generate(PrintWriter out) throws IOException {
        String keyType = KeyDescriptions.keyTypeFor(type == null ? "ed25519" : type, bits);
        int size = keyType.equals("ssh-rsa") ? (bits == 0 ? 3072 : bits) : bits;
        Path target = file != null ? file : Path.of(System.getProperty("user.home"), ".ssh", KeyDescriptions.defaultFileName(keyType));
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        char[] pass = newPassphraseOrPrompt();
        if (!quiet) {
            out.println("Generating public/private " + (type == null ? "ed25519" : type) + " key pair.");
        }
        SshKeyPair kp;
        try {
            kp = SshKeyPair.generate(keyType, size, crypto);
        } catch (IllegalArgumentException e) {
            throw UserErrors.fail(e.getMessage());
        }
        String c = comment != null ? comment : System.getProperty("user.name") + "@" + hostName();
        writePrivate(target, KeyFiles.writeOpenSsh(kp, pass, c, crypto));
        Files.writeString(Path.of(target + ".pub"), kp.publicKey().toOpenSshLine(c) + "\n");
        if (!quiet) {
            out.println("Your identification has been saved in " + target);
            out.println("Your public key has been saved in " + target + ".pub");
            out.println("The key fingerprint is:");
            out.println(kp.publicKey().fingerprintSha256() + " " + c);
        }
    }

    private void printFingerprint(PrintWriter out) throws IOException {
        Path f = requireFile();
        byte[] bytes = Files.readAllBytes(f);
        KeyFiles.PublicKeyLine line = publicKeyOf(f, bytes);
        // sshkey_fingerprint hashes a certificate's plain key, as ssh-keygen -l prints it.
        SshPublicKey plain = line.key() instanceof org.sshwire.transport.keys.SshCertificate c ? c.key() : line.key();
        String fp = fingerprintHash.equalsIgnoreCase("md5") ? plain.fingerprintMd5() : plain.fingerprintSha256();
        String c = line.comment().isEmpty() ? "no comment" : line.comment();
        out.println(KeyDescriptions.bits(line.key()) + " " + fp + " " + c + " (" + KeyDescriptions.typeLabel(line.key()) + ")");
    }

    /** A public key file, or the public half of a private key file (unencrypted part of openssh-key-v1). */
    private KeyFiles.PublicKeyLine publicKeyOf(Path f, byte[] bytes) throws IOException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith("-----")) {
            try {
                return KeyFiles.parsePublicKeyLine(text.lines().filter(l -> !l.isBlank()).findFirst().orElse(""));
            } catch (KeyFormatException e) {
                throw UserErrors.fail(f + " is not a public key file: " + e.getMessage());
            }
        }
        Path pub = Path.of(f + ".pub");
        if (Files.exists(pub)) {
            return publicKeyOf(pub, Files.readAllBytes(pub));
        }
        try {
            return new KeyFiles.PublicKeyLine(KeyFiles.readPublicKeyOfPrivateKey(bytes), "");
        } catch (KeyFormatException notOpenSsh) {
            // PEM keeps no public half apart: read the private key below.
        }
        SshKeyPair kp = readPrivate(f);
        return new KeyFiles.PublicKeyLine(kp.publicKey(), kp.comment());
    }

    private void changePassphrase(PrintWriter out) throws IOException {
        Path f = requireFile();
        SshKeyPair kp = readPrivate(f);
        out.println("Key has comment '" + kp.comment() + "'");
        char[] pass = newPassphraseOrPrompt();
        writePrivate(f, KeyFiles.writeOpenSsh(kp, pass, kp.comment(), crypto));
        out.println("Your identification has been saved with the new passphrase.");
    }

    private void sign(PrintWriter out) throws IOException {
        if (keyId == null) {
            throw UserErrors.fail("certificates need a key identity (-I)");
        }
        if (publicKeys.isEmpty()) {
            throw UserErrors.fail("no public key to certify");
        }
        SshKeyPair ca = readPrivate(caKey);
        SignatureAlgorithm alg = caAlgorithm(ca.publicKey());
        Validity v = Validity.parse(validity, Instant.now(), ZoneId.systemDefault());
        List<String> names = principals == null ? List.of() : Arrays.asList(principals.split(","));
        for (Path pubFile : publicKeys) {
            KeyFiles.PublicKeyLine line = KeyFiles.parsePublicKeyLine(Files.readString(pubFile).strip());
            SshCertificate.CertType certType = hostCertificate ? SshCertificate.CertType.HOST : SshCertificate.CertType.USER;
            CertificateBuilder b = new CertificateBuilder(line.key(), certType).keyId(keyId).serial(serial)
                    .principals(names).validity(v.from(), v.to());
            CertOptions.apply(b, certOptions, certType);
            SshCertificate cert = b.sign(ca, alg, crypto);
            String name = pubFile.getFileName().toString();
            Path certFile = pubFile.resolveSibling((name.endsWith(".pub") ? name.substring(0, name.length() - 4) : name) + "-cert.pub");
            Files.writeString(certFile, cert.toOpenSshLine(line.comment()) + "\n");
            if (!quiet) {
                out.println("Signed " + (hostCertificate ? "host" : "user") + " key " + certFile + ": id \"" + keyId
                        + "\" serial " + Long.toUnsignedString(serial) + " for " + (names.isEmpty() ? "(any)" : String.join(",", names))
                        + " valid " + describe(v));
            }
        }
    }

    private SignatureAlgorithm caAlgorithm(SshPublicKey ca) {
        if (type != null && SignatureAlgorithm.byName(type) != null) {
            return SignatureAlgorithm.byName(type);
        }
        // ssh-keygen signs with rsa-sha2-512 for RSA CAs by default.
        List<SignatureAlgorithm> algs = SignatureAlgorithm.forKeyType(ca.keyType());
        return ca.keyType().equals("ssh-rsa") ? SignatureAlgorithm.RSA_SHA2_512 : algs.get(0);
    }

    private static String describe(Validity v) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneId.systemDefault());
        if (v.from() == null && v.to() == null) {
            return "forever";
        }
        return "from " + (v.from() == null ? "always" : f.format(v.from())) + " to " + (v.to() == null ? "forever" : f.format(v.to()));
    }

    private void convert(PrintWriter out) throws IOException {
        if (!format.equalsIgnoreCase("RFC4716")) {
            throw UserErrors.fail("key format " + format + " is not supported yet (use RFC4716)");
        }
        Path f = requireFile();
        byte[] bytes = Files.readAllBytes(f);
        if (importKey) {
            out.println(Rfc4716.decode(new String(bytes, StandardCharsets.UTF_8)).toOpenSshLine(""));
            return;
        }
        SshPublicKey key = publicKeyOf(f, bytes).key();
        out.print(Rfc4716.encode(key, KeyDescriptions.bits(key) + "-bit " + KeyDescriptions.typeLabel(key)
                + ", converted by " + System.getProperty("user.name") + "@" + hostName() + " from OpenSSH"));
    }

    private SshKeyPair readPrivate(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        try {
            return KeyFiles.readPrivateKey(bytes, passphrase == null ? null : passphrase.toCharArray(), crypto);
        } catch (WrongPassphraseException e) {
            if (passphrase == null && System.console() != null) {
                char[] p = System.console().readPassword("Enter passphrase for %s: ", f);
                return KeyFiles.readPrivateKey(bytes, p, crypto);
            }
            throw UserErrors.fail("Load key \"" + f + "\": incorrect passphrase supplied to decrypt private key");
        } catch (KeyFormatException e) {
            throw UserErrors.fail("Load key \"" + f + "\": " + e.getMessage());
        }
    }

    private char[] newPassphraseOrPrompt() {
        if (newPassphrase != null) {
            return newPassphrase.isEmpty() ? null : newPassphrase.toCharArray();
        }
        Console c = System.console();
        if (c == null) {
            throw UserErrors.fail("no passphrase given: use -N '' for none, or -N passphrase");
        }
        char[] a = c.readPassword("Enter passphrase (empty for no passphrase): ");
        char[] b = c.readPassword("Enter same passphrase again: ");
        if (!Arrays.equals(a, b)) {
            throw UserErrors.fail("Passphrases do not match.");
        }
        return a.length == 0 ? null : a;
    }

    private static void writePrivate(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, content);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system; the key is still written
        }
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
