package org.sshwire.transport.kex;

import java.util.List;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

/**
 * SSH_MSG_KEXINIT (RFC 4253 §7.1).
 *
 * <p>Decoding tolerates empty names and trailing commas in the name-lists, as OpenSSH does, and
 * bounds every list ({@value #MAX_NAMES} names of at most {@value #MAX_NAME_LENGTH} characters,
 * RFC 4251 §6).
 *
 * <pre>{@code
 * KexInit ours = KexInit.of(cookie, kex, hostKeys, ciphers, ciphers, macs, macs);
 * Payload p = ours.toPayload();
 * }</pre>
 */
public record KexInit(
        Bytes cookie,
        List<String> kexAlgorithms,
        List<String> serverHostKeyAlgorithms,
        List<String> encryptionClientToServer,
        List<String> encryptionServerToClient,
        List<String> macClientToServer,
        List<String> macServerToClient,
        List<String> compressionClientToServer,
        List<String> compressionServerToClient,
        List<String> languagesClientToServer,
        List<String> languagesServerToClient,
        boolean firstKexPacketFollows,
        long reserved) {

    public static final int COOKIE_LENGTH = 16;
    public static final int MAX_NAMES = 512;
    public static final int MAX_NAME_LENGTH = 64;

    public KexInit {
        if (cookie.length() != COOKIE_LENGTH) {
            throw new IllegalArgumentException("KEXINIT cookie must be 16 bytes");
        }
        kexAlgorithms = List.copyOf(kexAlgorithms);
        serverHostKeyAlgorithms = List.copyOf(serverHostKeyAlgorithms);
        encryptionClientToServer = List.copyOf(encryptionClientToServer);
        encryptionServerToClient = List.copyOf(encryptionServerToClient);
        macClientToServer = List.copyOf(macClientToServer);
        macServerToClient = List.copyOf(macServerToClient);
        compressionClientToServer = List.copyOf(compressionClientToServer);
        compressionServerToClient = List.copyOf(compressionServerToClient);
        languagesClientToServer = List.copyOf(languagesClientToServer);
        languagesServerToClient = List.copyOf(languagesServerToClient);
    }

    /** A KEXINIT with the same lists in both directions, no compression, no languages, no guess. */
    public static KexInit of(Bytes cookie, List<String> kex, List<String> hostKeys,
                             List<String> ciphers, List<String> macs) {
        return new KexInit(cookie, kex, hostKeys, ciphers, ciphers, macs, macs,
                List.of("none"), List.of("none"), List.of(), List.of(), false, 0);
    }

    /** As {@link #of}, with the same compression methods offered in both directions. */
    public static KexInit of(Bytes cookie, List<String> kex, List<String> hostKeys,
                             List<String> ciphers, List<String> macs, List<String> compression) {
        return new KexInit(cookie, kex, hostKeys, ciphers, ciphers, macs, macs,
                compression, compression, List.of(), List.of(), false, 0);
    }

    public Payload toPayload() {
        SshWriter w = new SshWriter(512);
        w.writeRaw(cookie);
        w.writeNameList(kexAlgorithms);
        w.writeNameList(serverHostKeyAlgorithms);
        w.writeNameList(encryptionClientToServer);
        w.writeNameList(encryptionServerToClient);
        w.writeNameList(macClientToServer);
        w.writeNameList(macServerToClient);
        w.writeNameList(compressionClientToServer);
        w.writeNameList(compressionServerToClient);
        w.writeNameList(languagesClientToServer);
        w.writeNameList(languagesServerToClient);
        w.writeBoolean(firstKexPacketFollows);
        w.writeUint32(reserved);
        return new Payload(MessageNumbers.SSH_MSG_KEXINIT, w.toBytes());
    }

    /** Decodes the body of a KEXINIT payload. */
    public static KexInit decode(Payload p) {
        if (p.msgId() != MessageNumbers.SSH_MSG_KEXINIT) {
            throw new WireFormatException(0, "not a KEXINIT: " + p.msgId());
        }
        SshReader r = p.reader();
        Bytes cookie = r.readRaw(COOKIE_LENGTH);
        KexInit k = new KexInit(cookie, list(r), list(r), list(r), list(r), list(r), list(r),
                list(r), list(r), list(r), list(r), r.readBoolean(), r.readUint32());
        r.expectEnd();
        return k;
    }

    private static List<String> list(SshReader r) {
        int at = r.position();
        List<String> names = r.readNameListDroppingEmpty();
        if (names.size() > MAX_NAMES) {
            throw new WireFormatException(at, "name-list has " + names.size() + " names, more than " + MAX_NAMES);
        }
        for (String n : names) {
            if (n.length() > MAX_NAME_LENGTH) {
                throw new WireFormatException(at, "algorithm name longer than " + MAX_NAME_LENGTH + " characters");
            }
        }
        return names;
    }
}
