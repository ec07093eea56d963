package org.sshwire.auth;

import java.util.Objects;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshWriter;

/**
 * The method-specific part of a USERAUTH_REQUEST (RFC 4252 §5): what follows the method name.
 *
 * <pre>{@code
 * new AuthMessage.Request("alice", "ssh-connection", new AuthMethod.Password("secret", null));
 * }</pre>
 */
public sealed interface AuthMethod {
    String NONE = "none";
    String PASSWORD = "password";
    String PUBLICKEY = "publickey";
    String KEYBOARD_INTERACTIVE = "keyboard-interactive";
    String HOSTBASED = "hostbased";
    /** OpenSSH PROTOCOL §2.5: publickey bound to the server's host key; it counts as "publickey". */
    String PUBLICKEY_HOSTBOUND = "publickey-hostbound-v00@openssh.com";

    /** The method name as on the wire. */
    String name();

    void encode(SshWriter w);

    /** RFC 4252 §5.2: the "none" method, which asks which methods can continue. */
    record None() implements AuthMethod {
        @Override
        public String name() {
            return NONE;
        }

        @Override
        public void encode(SshWriter w) {
        }
    }

    /** RFC 4252 §8; {@code newPassword} non-null makes it a password change request. */
    record Password(String password, String newPassword) implements AuthMethod {
        public Password {
            Objects.requireNonNull(password);
        }

        @Override
        public String name() {
            return PASSWORD;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeBoolean(newPassword != null).writeUtf8(password);
            if (newPassword != null) {
                w.writeUtf8(newPassword);
            }
        }

        @Override
        public String toString() {
            return "Password[***" + (newPassword != null ? ", change" : "") + "]"; // never log secrets
        }
    }

    /** RFC 4252 §7; {@code signature} null makes it a query, which never authenticates. */
    record PublicKey(String algorithm, Bytes keyBlob, Bytes signature) implements AuthMethod {
        public PublicKey {
            Objects.requireNonNull(algorithm);
            Objects.requireNonNull(keyBlob);
        }

        public boolean isQuery() {
            return signature == null;
        }

        @Override
        public String name() {
            return PUBLICKEY;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeBoolean(signature != null).writeUtf8(algorithm).writeString(keyBlob);
            if (signature != null) {
                w.writeString(signature);
            }
        }
    }

    /**
     * OpenSSH PROTOCOL §2.5 {@code publickey-hostbound-v00@openssh.com}: as {@link PublicKey},
     * with the server's host key blob from the first key exchange after the key blob, in the
     * request and in the signed data, so an agent forwarded elsewhere cannot have the signature
     * replayed to another host. Used only after the server's EXT_INFO
     * {@code publickey-hostbound@openssh.com} = "0"; {@code signature} null makes it a query.
     */
    record HostBoundPublicKey(String algorithm, Bytes keyBlob, Bytes hostKey, Bytes signature) implements AuthMethod {
        public HostBoundPublicKey {
            Objects.requireNonNull(algorithm);
            Objects.requireNonNull(keyBlob);
            Objects.requireNonNull(hostKey);
        }

        public boolean isQuery() {
            return signature == null;
        }

        @Override
        public String name() {
            return PUBLICKEY_HOSTBOUND;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeBoolean(signature != null).writeUtf8(algorithm).writeString(keyBlob).writeString(hostKey);
            if (signature != null) {
                w.writeString(signature);
            }
        }
    }

    /** RFC 4256 §3.1. */
    record KeyboardInteractive(String language, String submethods) implements AuthMethod {
        public KeyboardInteractive {
            Objects.requireNonNull(language);
            Objects.requireNonNull(submethods);
        }

        @Override
        public String name() {
            return KEYBOARD_INTERACTIVE;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(language).writeUtf8(submethods);
        }
    }

    /** RFC 4252 §9: the client host's key signs for a user on that host. */
    record HostBased(String algorithm, Bytes keyBlob, String clientHost, String clientUser, Bytes signature)
            implements AuthMethod {
        public HostBased {
            Objects.requireNonNull(algorithm);
            Objects.requireNonNull(keyBlob);
            Objects.requireNonNull(clientHost);
            Objects.requireNonNull(clientUser);
            Objects.requireNonNull(signature);
        }

        @Override
        public String name() {
            return HOSTBASED;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(algorithm).writeString(keyBlob).writeUtf8(clientHost).writeUtf8(clientUser).writeString(signature);
        }
    }

    /** A method sshwire does not implement; its fields are kept raw. */
    record Unknown(String name, Bytes rest) implements AuthMethod {
        public Unknown {
            Objects.requireNonNull(name);
            Objects.requireNonNull(rest);
        }

        @Override
        public void encode(SshWriter w) {
            w.writeRaw(rest);
        }
    }
}
