package org.sshwire.transport.internal.kex;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A key exchange method: its wire name, its hash, and how to run it.
 *
 * <pre>{@code
 * KeyExchange kx = KexAlgorithm.byName("curve25519-sha256").create(context);
 * }</pre>
 *
 * @param legacy only offered when explicitly enabled
 */
public record KexAlgorithm(String name, String hash, boolean legacy,
                           BiFunction<KexContext, KexAlgorithm, KeyExchange> factory) {

    private static KexAlgorithm ecdh(String name, String hash, String curve) {
        return new KexAlgorithm(name, hash, false, (ctx, self) -> new EcdhExchange(ctx, self, curve));
    }

    private static KexAlgorithm dh(String name, String hash, DhGroup group, boolean legacy) {
        return new KexAlgorithm(name, hash, legacy, (ctx, self) -> new DhExchange(ctx, self, group));
    }

    private static KexAlgorithm hybrid(String name, String hash, HybridKemExchange.Kem kem) {
        return new KexAlgorithm(name, hash, false, (ctx, self) -> new HybridKemExchange(ctx, self, kem));
    }

    private static KexAlgorithm hybridNistp256(String name, String hash) {
        return new KexAlgorithm(name, hash, false, (ctx, self) ->
                new HybridKemExchange(ctx, self, HybridKemExchange.Kem.MLKEM768, HybridKemExchange.Classical.NISTP256));
    }

    private static KexAlgorithm gex(String name, String hash, boolean legacy) {
        return new KexAlgorithm(name, hash, legacy, DhGexExchange::new);
    }

    public static final KexAlgorithm MLKEM768X25519_SHA256 = hybrid("mlkem768x25519-sha256", "SHA-256", HybridKemExchange.Kem.MLKEM768);
    /**
     * ML-KEM-768 with ECDH P-256 (draft-ietf-sshm-mlkem-hybrid-kex). Implemented but not in
     * {@code TransportConfig.DEFAULT_KEX}: OpenSSH's default KexAlgorithms (myproposal.h) does not
     * list it, so it is offered only when named ({@code +mlkem768nistp256-sha256}).
     */
    public static final KexAlgorithm MLKEM768NISTP256_SHA256 = hybridNistp256("mlkem768nistp256-sha256", "SHA-256");
    public static final KexAlgorithm SNTRUP761X25519_SHA512 =
            hybrid("sntrup761x25519-sha512", "SHA-512", HybridKemExchange.Kem.SNTRUP761);
    public static final KexAlgorithm SNTRUP761X25519_SHA512_OPENSSH =
            hybrid("sntrup761x25519-sha512@openssh.com", "SHA-512", HybridKemExchange.Kem.SNTRUP761);
    public static final KexAlgorithm CURVE25519_SHA256 = ecdh("curve25519-sha256", "SHA-256", null);
    public static final KexAlgorithm CURVE25519_SHA256_LIBSSH = ecdh("curve25519-sha256@libssh.org", "SHA-256", null);
    public static final KexAlgorithm ECDH_NISTP256 = ecdh("ecdh-sha2-nistp256", "SHA-256", "nistp256");
    public static final KexAlgorithm ECDH_NISTP384 = ecdh("ecdh-sha2-nistp384", "SHA-384", "nistp384");
    public static final KexAlgorithm ECDH_NISTP521 = ecdh("ecdh-sha2-nistp521", "SHA-512", "nistp521");
    public static final KexAlgorithm DH_GEX_SHA256 = gex("diffie-hellman-group-exchange-sha256", "SHA-256", false);
    public static final KexAlgorithm DH_GROUP16_SHA512 = dh("diffie-hellman-group16-sha512", "SHA-512", DhGroup.GROUP16, false);
    public static final KexAlgorithm DH_GROUP18_SHA512 = dh("diffie-hellman-group18-sha512", "SHA-512", DhGroup.GROUP18, false);
    public static final KexAlgorithm DH_GROUP14_SHA256 = dh("diffie-hellman-group14-sha256", "SHA-256", DhGroup.GROUP14, false);
    public static final KexAlgorithm DH_GROUP14_SHA1 = dh("diffie-hellman-group14-sha1", "SHA-1", DhGroup.GROUP14, true);
    /** RFC 4419 with SHA-1: legacy, by name only. */
    public static final KexAlgorithm DH_GEX_SHA1 = gex("diffie-hellman-group-exchange-sha1", "SHA-1", true);
    /** RFC 4253 §8.1 Oakley group 2 (1024-bit) with SHA-1: legacy, by name only. */
    public static final KexAlgorithm DH_GROUP1_SHA1 = dh("diffie-hellman-group1-sha1", "SHA-1", DhGroup.GROUP1, true);

    /** Every method, in OpenSSH 10's default preference order (legacy last). */
    public static final List<KexAlgorithm> ALL = List.of(MLKEM768X25519_SHA256, MLKEM768NISTP256_SHA256, SNTRUP761X25519_SHA512,
            SNTRUP761X25519_SHA512_OPENSSH, CURVE25519_SHA256, CURVE25519_SHA256_LIBSSH, ECDH_NISTP256,
            ECDH_NISTP384, ECDH_NISTP521, DH_GEX_SHA256, DH_GROUP16_SHA512, DH_GROUP18_SHA512,
            DH_GROUP14_SHA256, DH_GROUP14_SHA1, DH_GEX_SHA1, DH_GROUP1_SHA1);

    private static final Map<String, KexAlgorithm> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(KexAlgorithm::name, Function.identity()));

    /** The method with this wire name, or null. */
    public static KexAlgorithm byName(String name) {
        return BY_NAME.get(name);
    }

    public KeyExchange create(KexContext ctx) {
        return factory.apply(ctx, this);
    }

    @Override
    public String toString() {
        return name;
    }
}
