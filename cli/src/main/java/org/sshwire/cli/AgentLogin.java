package org.sshwire.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sshwire.auth.Identity;
import org.sshwire.auth.agent.AgentClient;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * The agent's part of how {@code ssh} and {@code sftp} log in, as ssh's {@code pubkey_prepare}
 * orders keys: agent keys that match an identity file (in the agent's order), then the other
 * agent keys (left out under {@code IdentitiesOnly yes}), then the identity files the agent does
 * not hold. The agent is {@code IdentityAgent} (a path, {@code SSH_AUTH_SOCK} or {@code none}),
 * by default {@code $SSH_AUTH_SOCK}. An agent that cannot be reached is skipped silently (logged
 * at DEBUG), as ssh skips it.
 */
final class AgentLogin implements AutoCloseable {
    private final AgentClient agent;
    private final List<Identity> identities;
    private final List<SshPublicKey> held;

    private AgentLogin(AgentClient agent, List<Identity> identities, List<SshPublicKey> held) {
        this.agent = agent;
        this.identities = identities;
        this.held = held;
    }

    static AgentLogin open(String identityAgent, String identitiesOnly, List<Path> identityFiles) {
        Path socket = socket(identityAgent);
        if (socket == null) {
            return new AgentLogin(null, List.of(), List.of());
        }
        AgentClient agent;
        List<Identity> all;
        try {
            agent = AgentClient.connect(socket);
            all = agent.loginIdentities();
        } catch (IOException e) {
            System.getLogger(AgentLogin.class.getName()).log(System.Logger.Level.DEBUG, "agent skipped: {0}", e.getMessage());
            return new AgentLogin(null, List.of(), List.of());
        }
        List<SshPublicKey> fileKeys = new ArrayList<>();
        for (Path f : identityFiles) {
            fileKeys.addAll(publicKeys(f));
        }
        boolean only = identitiesOnly.equalsIgnoreCase("yes");
        List<Identity> matching = new ArrayList<>();
        List<Identity> others = new ArrayList<>();
        for (Identity id : all) {
            if (fileKeys.contains(id.publicKey())) {
                matching.add(id);
            } else if (!only) {
                others.add(id);
            }
        }
        matching.addAll(others);
        return new AgentLogin(agent, List.copyOf(matching), all.stream().map(Identity::publicKey).toList());
    }

    private static Path socket(String identityAgent) {
        String v = identityAgent == null ? "SSH_AUTH_SOCK" : identityAgent.strip();
        if (v.equalsIgnoreCase("none")) {
            return null;
        }
        if (v.equals("SSH_AUTH_SOCK") || v.equals("$SSH_AUTH_SOCK")) {
            v = System.getenv(AgentClient.SSH_AUTH_SOCK);
            if (v == null || v.isEmpty()) {
                return null;
            }
        }
        if (v.startsWith("~/")) {
            v = System.getProperty("user.home") + v.substring(1);
        }
        return Path.of(v);
    }

    /** The identity file's public key and certificate, as far as they can be read without its passphrase. */
    private static List<SshPublicKey> publicKeys(Path file) {
        List<SshPublicKey> out = new ArrayList<>();
        for (Path p : List.of(file.resolveSibling(file.getFileName() + ".pub"), file.resolveSibling(file.getFileName() + "-cert.pub"))) {
            try {
                if (Files.isRegularFile(p)) {
                    out.add(KeyFiles.readPublicKeyLine(Files.readString(p, StandardCharsets.UTF_8).trim()));
                }
            } catch (IOException | KeyFormatException e) {
                // unreadable: not matched, as ssh
            }
        }
        if (out.isEmpty()) {
            try {
                out.add(KeyFiles.readPublicKeyOfPrivateKey(Files.readAllBytes(file)));
            } catch (IOException | KeyFormatException e) {
                // a PEM key keeps its public half encrypted with it
            }
        }
        return out;
    }

    /** The agent keys to offer, in ssh's order. */
    List<Identity> identities() {
        return identities;
    }

    /** Whether the agent holds {@code identityFile}'s key, so the file need not be read (nor its passphrase asked). */
    boolean holds(Path identityFile) {
        if (agent == null) {
            return false;
        }
        for (SshPublicKey k : publicKeys(identityFile)) {
            if (held.contains(k) && !k.keyType().toLowerCase(Locale.ROOT).contains("-cert-")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (agent != null) {
            try {
                agent.close();
            } catch (IOException e) {
                // nothing to do: authentication is over
            }
        }
    }
}
