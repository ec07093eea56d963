/** sshwire SFTP: the SFTP v3 codec, a sans-IO server engine with a filesystem seam, and a client. */
module org.sshwire.sftp {
    requires transitive org.sshwire.transport;
    requires transitive org.sshwire.connection;
    requires java.logging;

    exports org.sshwire.sftp;

    // The sftp-server engine and codec, for the command line and the bastion's SFTP log; not API.
    exports org.sshwire.sftp.internal to org.sshwire.cli, org.sshwire.proxy;
}
