package org.sshwire.connection.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * ssh's {@code Options} while the configuration is read: every value starts unset, and the first
 * value an active line gives wins (readconf.c's "only changed the first time it is set"), except
 * for the lists ssh appends to (IdentityFile, CertificateFile, the forwards, SendEnv).
 */
final class ClientOptions {
    /** Flags, multistates, numbers and times, by keyword; absent is ssh's -1. */
    final Map<ClientKeyword, Integer> ints = new EnumMap<>(ClientKeyword.class);
    /** String options, by keyword; absent is ssh's NULL. */
    final Map<ClientKeyword, String> strings = new EnumMap<>(ClientKeyword.class);
    /** String arrays (identity and certificate files, known-hosts files, env, ...), by keyword. */
    final Map<ClientKeyword, List<String>> arrays = new EnumMap<>(ClientKeyword.class);
    final List<ClientForward> localForwards = new ArrayList<>();
    final List<ClientForward> remoteForwards = new ArrayList<>();
    /** CanonicalizePermittedCNAMEs as {source, target} pairs; "none" is one pair {"none", ""}. */
    final List<String[]> permittedCnames = new ArrayList<>();
    String forwardAgentSockPath;
    int addKeysToAgentLifespan = -1;
    int controlPersistTimeout;
    long rekeyLimit = -1;
    int rekeyInterval = -1;
    int tunRemote = -1;
    int ipqosBulk = -1;
    int streamLocalBindMask = -1;
    String jumpUser;
    String jumpHost;
    int jumpPort = -1;
    String jumpExtra;
    /** Whether IdentityFile entries came from a user file or the command line (ssh's userprovided). */
    final List<Boolean> identityUserProvided = new ArrayList<>();
    final List<Boolean> certificateUserProvided = new ArrayList<>();

    int intOr(ClientKeyword k, int dflt) {
        Integer v = ints.get(k);
        return v == null ? dflt : v;
    }

    boolean isSet(ClientKeyword k) {
        return ints.containsKey(k);
    }

    /** The first value wins: set only while unset. */
    void firstInt(ClientKeyword k, int v) {
        ints.putIfAbsent(k, v);
    }

    void firstString(ClientKeyword k, String v) {
        strings.putIfAbsent(k, v);
    }

    List<String> array(ClientKeyword k) {
        return arrays.computeIfAbsent(k, x -> new ArrayList<>());
    }

    /** readconf.c {@code add_identity_file}: no duplicate path from the same kind of source. */
    void addIdentityFile(String path, boolean userProvided) {
        addFile(array(ClientKeyword.IDENTITY_FILE), identityUserProvided, path, userProvided);
    }

    void addCertificateFile(String path, boolean userProvided) {
        addFile(array(ClientKeyword.CERTIFICATE_FILE), certificateUserProvided, path, userProvided);
    }

    private static void addFile(List<String> files, List<Boolean> provided, String path, boolean userProvided) {
        for (int i = 0; i < files.size(); i++) {
            if (provided.get(i) == userProvided && files.get(i).equals(path)) {
                return;
            }
        }
        files.add(path);
        provided.add(userProvided);
    }

    /** readconf.c {@code add_local_forward} / {@code add_remote_forward}: duplicates are dropped. */
    static void addForward(List<ClientForward> list, ClientForward f) {
        if (!list.contains(f)) {
            list.add(f);
        }
    }

    static boolean clearOrNone(String o) {
        return o == null || o.equalsIgnoreCase("none");
    }

    /** readconf.c {@code config_has_permitted_cnames}. */
    boolean hasPermittedCnames() {
        if (permittedCnames.size() == 1 && permittedCnames.get(0)[0].equalsIgnoreCase("none")
                && permittedCnames.get(0)[1].isEmpty()) {
            return false;
        }
        return !permittedCnames.isEmpty();
    }
}
