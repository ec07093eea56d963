package org.sshwire.auth.internal.agent;

import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

/**
 * The messages of the SSH agent protocol (draft-miller-ssh-agent §4–§5) as OpenSSH's
 * {@code ssh-agent} speaks it. A message is its type byte and contents, without the uint32 length
 * that frames it on the socket ({@link AgentFraming}). Requests and replies share numbers with no
 * overlap, but a reply's meaning depends on the request (SSH_AGENT_SUCCESS answers several), so
 * replies are decoded with {@link #decodeReply} and requests with {@link #decodeRequest}.
 */
public sealed interface AgentMessage {
    int FAILURE = 5;
    int SUCCESS = 6;
    int REQUEST_IDENTITIES = 11;
    int IDENTITIES_ANSWER = 12;
    int SIGN_REQUEST = 13;
    int SIGN_RESPONSE = 14;
    int ADD_IDENTITY = 17;
    int REMOVE_IDENTITY = 18;
    int REMOVE_ALL_IDENTITIES = 19;
    int ADD_SMARTCARD_KEY = 20;
    int REMOVE_SMARTCARD_KEY = 21;
    int LOCK = 22;
    int UNLOCK = 23;
    int ADD_ID_CONSTRAINED = 25;
    int ADD_SMARTCARD_KEY_CONSTRAINED = 26;
    int EXTENSION = 27;
    int EXTENSION_FAILURE = 28;

    /** Sign flags (draft-miller-ssh-agent §4.5.1). */
    int FLAG_RSA_SHA2_256 = 2;
    int FLAG_RSA_SHA2_512 = 4;

    /** The type byte and contents. */
    Bytes encode();

    /** The message number. */
    int type();

    record RequestIdentities() implements AgentMessage {
        public int type() {
            return REQUEST_IDENTITIES;
        }

        public Bytes encode() {
            return Bytes.of((byte) REQUEST_IDENTITIES);
        }
    }

    /** One key the agent holds: its public key (or certificate) blob and comment. */
    record KeyEntry(Bytes blob, String comment) {
    }

    record IdentitiesAnswer(List<KeyEntry> keys) implements AgentMessage {
        public IdentitiesAnswer {
            keys = List.copyOf(keys);
        }

        public int type() {
            return IDENTITIES_ANSWER;
        }

        public Bytes encode() {
            SshWriter w = new SshWriter().writeByte(IDENTITIES_ANSWER).writeUint32(keys.size());
            for (KeyEntry k : keys) {
                w.writeString(k.blob()).writeUtf8(k.comment());
            }
            return w.toBytes();
        }
    }

    record SignRequest(Bytes keyBlob, Bytes data, int flags) implements AgentMessage {
        public int type() {
            return SIGN_REQUEST;
        }

        public Bytes encode() {
            return new SshWriter().writeByte(SIGN_REQUEST).writeString(keyBlob).writeString(data).writeUint32(flags & 0xffffffffL).toBytes();
        }
    }

    record SignResponse(Bytes signature) implements AgentMessage {
        public int type() {
            return SIGN_RESPONSE;
        }

        public Bytes encode() {
            return new SshWriter().writeByte(SIGN_RESPONSE).writeString(signature).toBytes();
        }
    }

    /**
     * ADD_IDENTITY, or ADD_ID_CONSTRAINED when {@code constraints} is not empty (§4.2, §4.2.6).
     * The key is kept as parsed; records compare it by reference, so tests compare encodings.
     */
    record AddIdentity(SshKeyPair key, String comment, List<AgentConstraint> constraints) implements AgentMessage {
        public AddIdentity {
            constraints = List.copyOf(constraints);
        }

        public int type() {
            return constraints.isEmpty() ? ADD_IDENTITY : ADD_ID_CONSTRAINED;
        }

        public Bytes encode() {
            SshWriter w = new SshWriter().writeByte(type());
            KeyFiles.writePrivateKeyBlob(w, key);
            w.writeUtf8(comment);
            for (AgentConstraint c : constraints) {
                c.encode(w);
            }
            return w.toBytes();
        }

        @Override
        public String toString() {
            return "AddIdentity[" + key + ", " + comment + ", " + constraints + "]";
        }
    }

    record RemoveIdentity(Bytes keyBlob) implements AgentMessage {
        public int type() {
            return REMOVE_IDENTITY;
        }

        public Bytes encode() {
            return new SshWriter().writeByte(REMOVE_IDENTITY).writeString(keyBlob).toBytes();
        }
    }

    record RemoveAllIdentities() implements AgentMessage {
        public int type() {
            return REMOVE_ALL_IDENTITIES;
        }

        public Bytes encode() {
            return Bytes.of((byte) REMOVE_ALL_IDENTITIES);
        }
    }

    /** LOCK or UNLOCK with the passphrase (§4.6). */
    record Lock(boolean lock, Bytes passphrase) implements AgentMessage {
        public int type() {
            return lock ? LOCK : UNLOCK;
        }

        public Bytes encode() {
            return new SshWriter().writeByte(type()).writeString(passphrase).toBytes();
        }

        @Override
        public String toString() {
            return "Lock[" + lock + ", passphrase redacted]";
        }
    }

    /** EXTENSION (§4.7): a name and contents whose layout the name defines. */
    record Extension(String name, Bytes contents) implements AgentMessage {
        public int type() {
            return EXTENSION;
        }

        public Bytes encode() {
            return new SshWriter().writeByte(EXTENSION).writeUtf8(name).writeRaw(contents).toBytes();
        }
    }

    /** SUCCESS; after an extension request it may carry the extension's reply contents. */
    record Success(Bytes contents) implements AgentMessage {
        public int type() {
            return SUCCESS;
        }

        public Bytes encode() {
            return new SshWriter().writeByte(SUCCESS).writeRaw(contents).toBytes();
        }
    }

    record Failure() implements AgentMessage {
        public int type() {
            return FAILURE;
        }

        public Bytes encode() {
            return Bytes.of((byte) FAILURE);
        }
    }

    record ExtensionFailure() implements AgentMessage {
        public int type() {
            return EXTENSION_FAILURE;
        }

        public Bytes encode() {
            return Bytes.of((byte) EXTENSION_FAILURE);
        }
    }

    /** Any other message (smartcard requests, protocol-1 numbers, unknown numbers), kept raw. */
    record Unknown(int type, Bytes contents) implements AgentMessage {
        public Bytes encode() {
            return new SshWriter().writeByte(type).writeRaw(contents).toBytes();
        }
    }

    /**
     * Decodes a request as an agent receives it. Throws {@link WireFormatException} for a
     * malformed message and {@link org.sshwire.transport.keys.KeyFormatException} for a key
     * that does not parse; the agent answers either with FAILURE.
     */
    static AgentMessage decodeRequest(Bytes message, CryptoBackend crypto) {
        SshReader r = new SshReader(message);
        int type = r.readByte();
        AgentMessage m = switch (type) {
            case REQUEST_IDENTITIES -> new RequestIdentities();
            case SIGN_REQUEST -> new SignRequest(r.readString(), r.readString(), (int) r.readUint32());
            case ADD_IDENTITY, ADD_ID_CONSTRAINED -> {
                SshKeyPair key = KeyFiles.readPrivateKeyBlob(r, crypto);
                String comment = r.readUtf8();
                List<AgentConstraint> cs = AgentConstraint.decodeAll(r);
                if (type == ADD_ID_CONSTRAINED && cs.isEmpty()) {
                    throw new WireFormatException(r.position(), "ADD_ID_CONSTRAINED without constraints");
                }
                if (type == ADD_IDENTITY && !cs.isEmpty()) {
                    throw new WireFormatException(r.position(), "ADD_IDENTITY with constraints");
                }
                yield new AddIdentity(key, comment, cs);
            }
            case REMOVE_IDENTITY -> new RemoveIdentity(r.readString());
            case REMOVE_ALL_IDENTITIES -> new RemoveAllIdentities();
            case LOCK, UNLOCK -> new Lock(type == LOCK, r.readString());
            case EXTENSION -> new Extension(r.readUtf8(), r.readRest());
            default -> new Unknown(type, r.readRest());
        };
        r.expectEnd();
        return m;
    }

    /** Decodes a reply as a client receives it; throws {@link WireFormatException} for a malformed one. */
    static AgentMessage decodeReply(Bytes message) {
        SshReader r = new SshReader(message);
        int type = r.readByte();
        AgentMessage m = switch (type) {
            case IDENTITIES_ANSWER -> {
                long n = r.readUint32();
                // Each entry is at least two empty strings: bound the count by what is left.
                if (n > r.remaining() / 8) {
                    throw new WireFormatException(r.position(), "identities answer claims " + n + " keys in " + r.remaining() + " bytes");
                }
                List<KeyEntry> keys = new ArrayList<>((int) n);
                for (long i = 0; i < n; i++) {
                    keys.add(new KeyEntry(r.readString(), r.readUtf8()));
                }
                yield new IdentitiesAnswer(keys);
            }
            case SIGN_RESPONSE -> new SignResponse(r.readString());
            case SUCCESS -> new Success(r.readRest());
            case FAILURE -> new Failure();
            case EXTENSION_FAILURE -> new ExtensionFailure();
            default -> new Unknown(type, r.readRest());
        };
        r.expectEnd();
        return m;
    }
}
