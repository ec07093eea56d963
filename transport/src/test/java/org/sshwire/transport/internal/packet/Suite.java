package org.sshwire.transport.internal.packet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.internal.packet.PacketSealer;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.PacketOpener;
import org.sshwire.transport.internal.packet.MacAlgorithm;
import org.sshwire.transport.internal.packet.DirectionKeys;
import org.sshwire.transport.internal.packet.PacketProtection;

/** One protected direction under test: a backend, a cipher and a MAC, with random keys. */
record Suite(CryptoBackend backend, CipherAlgorithm cipher, MacAlgorithm mac) {

    static final List<CryptoBackend> BACKENDS = List.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly());

    /** Every cipher with every MAC it can be paired with (AEADs take none), on both backends. */
    static List<Suite> all() {
        List<Suite> out = new ArrayList<>();
        for (CryptoBackend b : BACKENDS) {
            for (CipherAlgorithm c : CipherAlgorithm.ALL) {
                if (c.isAead()) {
                    out.add(new Suite(b, c, MacAlgorithm.NONE));
                } else {
                    for (MacAlgorithm m : MacAlgorithm.ALL) {
                        out.add(new Suite(b, c, m));
                    }
                }
            }
        }
        return out;
    }

    /** Suites that authenticate their packets (anything but a none MAC on a non-AEAD cipher). */
    static List<Suite> authenticated() {
        return all().stream().filter(Suite::authenticates).toList();
    }

    boolean authenticates() {
        return cipher.isAead() || mac != MacAlgorithm.NONE;
    }

    DirectionKeys keys(long seed) {
        Random r = new Random(seed);
        return new DirectionKeys(random(r, cipher.ivLength()), random(r, cipher.keyLength()),
                random(r, cipher.isAead() ? 0 : mac.keyLength()));
    }

    private static Bytes random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return Bytes.wrap(b);
    }

    PacketSealer sealer(long seed) {
        return PacketProtection.sealer(backend, cipher, mac, keys(seed));
    }

    PacketOpener opener(long seed) {
        return PacketProtection.opener(backend, cipher, mac, keys(seed));
    }

    @Override
    public String toString() {
        return cipher + "+" + mac + "/" + backend.name();
    }
}
