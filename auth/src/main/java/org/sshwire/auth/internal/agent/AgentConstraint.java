package org.sshwire.auth.internal.agent;

import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

/**
 * A key constraint of ADD_ID_CONSTRAINED (draft-miller-ssh-agent §4.2.6): a lifetime, a
 * confirmation on every use, or OpenSSH's {@code restrict-destination-v00@openssh.com}
 * extension (PROTOCOL.agent §2). An extension's contents have no outer length, so an extension
 * we do not know cannot be skipped: like ssh-agent, the whole request is refused.
 */
public sealed interface AgentConstraint {
    int LIFETIME = 1;
    int CONFIRM = 2;
    int EXTENSION = 255;
    String RESTRICT_DESTINATION = "restrict-destination-v00@openssh.com";
    /** ssh-agent's AGENT_MAX_DEST_CONSTRAINTS. */
    int MAX_DESTINATIONS = 1024;

    void encode(SshWriter w);

    /** SSH_AGENT_CONSTRAIN_LIFETIME: the key is forgotten after this many seconds. */
    record Lifetime(long seconds) implements AgentConstraint {
        public void encode(SshWriter w) {
            w.writeByte(LIFETIME).writeUint32(seconds);
        }
    }

    /** SSH_AGENT_CONSTRAIN_CONFIRM: every signature is confirmed by the user first. */
    record Confirm() implements AgentConstraint {
        public void encode(SshWriter w) {
            w.writeByte(CONFIRM);
        }
    }

    /** A host key a hop may present: the key itself, or a CA whose host certificates are accepted. */
    record HostKeySpec(Bytes keyBlob, boolean ca) {
    }

    /** One end of a hop: user (only on "to"), host name as the user wrote it, and its keys. */
    record Hop(String user, String hostname, List<HostKeySpec> keys) {
        public Hop {
            keys = List.copyOf(keys);
        }

        void encode(SshWriter w) {
            SshWriter h = new SshWriter().writeUtf8(user).writeUtf8(hostname).writeString(Bytes.EMPTY);
            for (HostKeySpec k : keys) {
                h.writeString(k.keyBlob()).writeBoolean(k.ca());
            }
            w.writeString(h.toBytes());
        }

        static Hop decode(SshReader outer) {
            SshReader r = new SshReader(outer.readString());
            String user = r.readUtf8();
            String host = r.readUtf8();
            if (!r.readString().isEmpty()) {
                throw new WireFormatException(r.position(), "destination hop with unsupported extensions");
            }
            List<HostKeySpec> keys = new ArrayList<>();
            while (r.hasRemaining()) {
                Bytes blob = r.readString();
                keys.add(new HostKeySpec(blob, r.readByte() != 0));
            }
            return new Hop(user, host, keys);
        }
    }

    /** A permitted hop: from a host (empty: the agent's own host) to a user at a host. */
    record Destination(Hop from, Hop to) {
        void encode(SshWriter w) {
            SshWriter d = new SshWriter();
            from.encode(d);
            to.encode(d);
            d.writeString(Bytes.EMPTY);
            w.writeString(d.toBytes());
        }

        static Destination decode(SshReader outer) {
            SshReader r = new SshReader(outer.readString());
            Hop from = Hop.decode(r);
            Hop to = Hop.decode(r);
            if (!r.readString().isEmpty()) {
                throw new WireFormatException(r.position(), "destination constraint with unsupported extensions");
            }
            r.expectEnd();
            // ssh-agent's parse_dest_constraint: "from" has no user, and a host name exactly when
            // it has keys; "to" names a host and its keys.
            if (!from.user().isEmpty() || from.hostname().isEmpty() != from.keys().isEmpty()) {
                throw new WireFormatException(r.position(), "inconsistent \"from\" in destination constraint");
            }
            if (to.hostname().isEmpty() || to.keys().isEmpty()) {
                throw new WireFormatException(r.position(), "incomplete \"to\" in destination constraint");
            }
            return new Destination(from, to);
        }
    }

    /** {@code restrict-destination-v00@openssh.com}: the hops the key may be used on. */
    record RestrictDestination(List<Destination> destinations) implements AgentConstraint {
        public RestrictDestination {
            destinations = List.copyOf(destinations);
        }

        public void encode(SshWriter w) {
            SshWriter all = new SshWriter();
            for (Destination d : destinations) {
                d.encode(all);
            }
            w.writeByte(EXTENSION).writeUtf8(RESTRICT_DESTINATION).writeString(all.toBytes());
        }
    }

    /** The constraints that end an ADD_ID_CONSTRAINED; each kind at most once, as ssh-agent checks. */
    static List<AgentConstraint> decodeAll(SshReader r) {
        List<AgentConstraint> out = new ArrayList<>();
        while (r.hasRemaining()) {
            int at = r.position();
            int type = r.readByte();
            AgentConstraint c = switch (type) {
                case LIFETIME -> new Lifetime(r.readUint32());
                case CONFIRM -> new Confirm();
                case EXTENSION -> {
                    String name = r.readUtf8();
                    if (!name.equals(RESTRICT_DESTINATION)) {
                        throw new WireFormatException(at, "unsupported constraint extension " + printable(name));
                    }
                    SshReader list = new SshReader(r.readString());
                    List<Destination> ds = new ArrayList<>();
                    while (list.hasRemaining()) {
                        if (ds.size() >= MAX_DESTINATIONS) {
                            throw new WireFormatException(at, "more than " + MAX_DESTINATIONS + " destination constraints");
                        }
                        ds.add(Destination.decode(list));
                    }
                    yield new RestrictDestination(ds);
                }
                default -> throw new WireFormatException(at, "unknown key constraint " + type);
            };
            for (AgentConstraint seen : out) {
                if (seen.getClass() == c.getClass()) {
                    throw new WireFormatException(at, "constraint given twice: " + c.getClass().getSimpleName());
                }
            }
            out.add(c);
        }
        return out;
    }

    private static String printable(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
