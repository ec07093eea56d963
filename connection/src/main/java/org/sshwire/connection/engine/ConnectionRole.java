package org.sshwire.connection.engine;

/** Which end of the connection an engine is; some requests are only valid from one side. */
public enum ConnectionRole {
    CLIENT, SERVER
}
