/**
 * sshwire connection: the RFC 4254 connection protocol — message catalogue and the sans-IO
 * channel engine (channels, flow-control windows, channel and global requests).
 */
module org.sshwire.connection {
    requires transitive org.sshwire.transport;

    exports org.sshwire.connection.engine;
    exports org.sshwire.connection.message;
}
