package org.sshwire.transport.internal.kex;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.kex.KexNegotiationException;
import org.sshwire.transport.kex.Negotiated;

/**
 * Chooses algorithms from two KEXINITs (RFC 4253 §7.1): in each category, the first name on the
 * client's list that is also on the server's. A pure function, so it is table-tested.
 *
 * <pre>{@code
 * Negotiated n = KexNegotiator.negotiate(clientKexInit, serverKexInit, CipherAlgorithm::isAeadName);
 * }</pre>
 */
public final class KexNegotiator {
    public static final String EXT_INFO_C = "ext-info-c";
    public static final String EXT_INFO_S = "ext-info-s";
    public static final String STRICT_KEX_C = "kex-strict-c-v00@openssh.com";
    public static final String STRICT_KEX_S = "kex-strict-s-v00@openssh.com";

    /** Names in the kex list that signal extensions rather than name a method. */
    private static final Set<String> MARKERS = Set.of(EXT_INFO_C, EXT_INFO_S, STRICT_KEX_C, STRICT_KEX_S);

    private KexNegotiator() {
    }

    /**
     * @param isAead tells which cipher names carry their own authentication, for which no MAC is negotiated
     * @throws KexNegotiationException when a category has no name in common
     */
    public static Negotiated negotiate(KexInit client, KexInit server, Predicate<String> isAead) {
        List<String> clientKex = client.kexAlgorithms().stream().filter(n -> !MARKERS.contains(n)).toList();
        List<String> serverKex = server.kexAlgorithms().stream().filter(n -> !MARKERS.contains(n)).toList();
        String kex = choose("key exchange method", clientKex, serverKex);
        String hostKey = choose("host key type", client.serverHostKeyAlgorithms(), server.serverHostKeyAlgorithms());
        String encC2S = choose("cipher", client.encryptionClientToServer(), server.encryptionClientToServer());
        String encS2C = choose("cipher", client.encryptionServerToClient(), server.encryptionServerToClient());
        // With an AEAD cipher the MAC lists are not consulted (RFC 5647 §5.1; OpenSSH does the same).
        String macC2S = isAead.test(encC2S) ? "none"
                : choose("MAC", client.macClientToServer(), server.macClientToServer());
        String macS2C = isAead.test(encS2C) ? "none"
                : choose("MAC", client.macServerToClient(), server.macServerToClient());
        String compC2S = choose("compression method", client.compressionClientToServer(), server.compressionClientToServer());
        String compS2C = choose("compression method", client.compressionServerToClient(), server.compressionServerToClient());

        boolean strict = client.kexAlgorithms().contains(STRICT_KEX_C) && server.kexAlgorithms().contains(STRICT_KEX_S);
        // RFC 4253 §7: a guess is wrong when either preferred kex or host key algorithm differs.
        boolean firstChoicesDiffer = !first(clientKex).equals(first(serverKex))
                || !first(client.serverHostKeyAlgorithms()).equals(first(server.serverHostKeyAlgorithms()));
        return new Negotiated(kex, hostKey, encC2S, encS2C, macC2S, macS2C, compC2S, compS2C, strict,
                client.kexAlgorithms().contains(EXT_INFO_C), server.kexAlgorithms().contains(EXT_INFO_S), firstChoicesDiffer);
    }

    private static String first(List<String> l) {
        return l.isEmpty() ? "" : l.get(0);
    }

    static String choose(String category, List<String> client, List<String> server) {
        for (String c : client) {
            if (server.contains(c)) {
                return c;
            }
        }
        throw new KexNegotiationException(category, client, server);
    }
}
