package org.sshwire.examples;

import java.nio.file.Path;
import org.sshwire.auth.AuthenticationException;
import org.sshwire.connection.client.ChangedHostKeyException;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.RevokedHostKeyException;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.client.UnknownHostKeyException;

/**
 * Checks a server's host key against a known_hosts file the way {@code ssh} does (plain and
 * hashed names, {@code @cert-authority}, {@code @revoked}) and says what it found. The three
 * refusals are distinct exceptions, so a program can offer to add an unknown key but never a
 * changed one.
 *
 * <p>Usage: {@code HostKeyCheck HOST PORT KNOWN_HOSTS}
 */
public final class HostKeyCheck {
    private HostKeyCheck() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        try (SshClient ssh = SshClient.builder("nobody-" + ProcessHandle.current().pid())
                .hostKeyVerifier(HostKeyVerifier.knownHosts(Path.of(args[2])))
                .connect(host, port)) {
            System.out.println("host key known; logged in");
        } catch (UnknownHostKeyException e) {
            System.out.println("unknown host key " + e.key().fingerprintSha256() + " for [" + e.host() + "]:" + e.port());
        } catch (ChangedHostKeyException e) {
            System.out.println("HOST KEY CHANGED: offered " + e.key().fingerprintSha256() + ", known "
                    + e.knownKeys().size() + " other key(s)");
        } catch (RevokedHostKeyException e) {
            System.out.println("host key " + e.key().fingerprintSha256() + " is revoked");
        } catch (java.io.IOException e) {
            if (e.getCause() instanceof AuthenticationException) {
                System.out.println("host key known; login refused"); // the key checked out, we have no credentials
            } else {
                throw e;
            }
        }
    }
}
