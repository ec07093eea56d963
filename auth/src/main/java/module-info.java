/** sshwire auth: RFC 4252 user authentication, and OpenSSH's authorized_keys and known_hosts files. */
module org.sshwire.auth {
    requires transitive org.sshwire.transport;

    exports org.sshwire.auth;
    exports org.sshwire.auth.files;
}
