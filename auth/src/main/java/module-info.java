/** sshwire auth: RFC 4252 user authentication, and OpenSSH's authorized_keys and known_hosts files. */
module org.sshwire.auth {
    requires transitive org.sshwire.transport;

    exports org.sshwire.auth;
    exports org.sshwire.auth.files;
    exports org.sshwire.auth.agent;

    // Internals our own modules share; not API.
    exports org.sshwire.auth.internal to org.sshwire.connection, org.sshwire.cli;
    exports org.sshwire.auth.internal.agent to org.sshwire.connection, org.sshwire.cli;
}
