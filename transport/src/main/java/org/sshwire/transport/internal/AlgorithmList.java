package org.sshwire.transport.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * OpenSSH's algorithm-list syntax (ssh_config(5) and sshd_config(5) KexAlgorithms, Ciphers, MACs,
 * HostKeyAlgorithms, PubkeyAcceptedAlgorithms): a plain list replaces the defaults, {@code +names}
 * appends to them (the way to enable a legacy algorithm), {@code -names} removes from them and
 * {@code ^names} puts names first.
 *
 * <pre>{@code
 * TransportConfig.client()
 *         .ciphers(AlgorithmList.edit(TransportConfig.DEFAULT_CIPHERS, "+aes128-cbc"))
 *         .kexAlgorithms(AlgorithmList.edit(TransportConfig.DEFAULT_KEX, "+diffie-hellman-group1-sha1"));
 * }</pre>
 */
public final class AlgorithmList {
    private AlgorithmList() {
    }

    /** {@code defaults} edited by {@code spec}; the names themselves are checked by {@link org.sshwire.transport.TransportConfig}. */
    public static List<String> edit(List<String> defaults, String spec) {
        char op = spec.isEmpty() ? ' ' : spec.charAt(0);
        boolean prefixed = op == '+' || op == '-' || op == '^';
        List<String> given = Arrays.stream(spec.substring(prefixed ? 1 : 0).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<String> out = new ArrayList<>(defaults);
        switch (op) {
            case '+' -> given.stream().filter(n -> !out.contains(n)).forEach(out::add);
            case '-' -> out.removeAll(given);
            case '^' -> {
                out.removeAll(given);
                out.addAll(0, given);
            }
            default -> {
                return List.copyOf(given);
            }
        }
        return List.copyOf(out);
    }
}
