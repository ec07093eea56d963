package org.sshwire.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import org.sshwire.auth.Identity;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.sftp.NameEntry;
import org.sshwire.sftp.SftpClient;
import org.sshwire.sftp.SftpException;
import org.sshwire.sftp.StatusCode;
import org.sshwire.transport.crypto.CryptoBackend;

/**
 * Uploads a file over SFTP, lists the directory and downloads the file back, checking the
 * server's host key against a known_hosts file.
 *
 * <p>Usage: {@code SftpTransfer USER HOST PORT IDENTITY KNOWN_HOSTS LOCAL_FILE REMOTE_DIR}
 */
public final class SftpTransfer {
    private SftpTransfer() {
    }

    public static void main(String[] args) throws Exception {
        String user = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        Identity identity = Identity.fromFile(Path.of(args[3]), null, CryptoBackend.defaultBackend());
        Path local = Path.of(args[5]);
        String remoteDir = args[6];

        try (SshClient ssh = SshClient.builder(user)
                .identity(identity)
                .hostKeyVerifier(HostKeyVerifier.knownHosts(Path.of(args[4])))
                .connect(host, port);
             SftpClient sftp = SftpClient.open(ssh)) {
            try {
                sftp.mkdir(remoteDir, null); // null: the server's default attributes
            } catch (SftpException e) {
                if (e.status() != StatusCode.FAILURE) { // FAILURE: it exists already (OpenSSH's answer)
                    throw e;
                }
            }
            String remote = remoteDir + "/" + local.getFileName();
            sftp.put(local, remote, null);
            for (NameEntry e : sftp.list(remoteDir)) {
                System.out.println(e.longname());
            }
            Path back = local.resolveSibling(local.getFileName() + ".back");
            sftp.get(remote, back, null);
            System.out.println("downloaded " + Files.size(back) + " bytes to " + back);
        }
    }
}
