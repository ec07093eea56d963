package org.sshwire.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Progress through a user's required method chains (OpenSSH AuthenticationMethods semantics):
 * a chain is completed by succeeding with its methods in order; the methods that "can continue"
 * (RFC 4252 §5.1) are the next method of every chain still consistent with what succeeded.
 */
final class MethodChains {
    private List<List<String>> chains;
    private final List<String> done = new ArrayList<>();

    MethodChains(List<List<String>> chains) {
        this.chains = chains;
    }

    /** The next method of each chain whose prefix is what succeeded so far. */
    List<String> canContinue() {
        Set<String> out = new LinkedHashSet<>();
        for (List<String> c : chains) {
            if (c.size() > done.size() && c.subList(0, done.size()).equals(done)) {
                out.add(c.get(done.size()));
            }
        }
        return List.copyOf(out);
    }

    /** Records a success; true when some chain is now complete. */
    boolean succeeded(String method) {
        done.add(method);
        return chains.stream().anyMatch(done::equals);
    }

    /**
     * Records a success after which the application requires one of {@code next}
     * ({@link Decision.PartialSuccess}): the chains become what succeeded so far followed by each
     * of them, so the next success completes the login unless it too asks for more.
     */
    void continueWith(String method, List<String> next) {
        done.add(method);
        List<List<String>> out = new ArrayList<>();
        for (String n : next) {
            List<String> c = new ArrayList<>(done);
            c.add(n);
            out.add(List.copyOf(c));
        }
        chains = List.copyOf(out);
    }

    List<String> done() {
        return List.copyOf(done);
    }
}
