package org.sshwire.transport;

/** Which way a packet travels, from this engine's point of view. */
public enum Direction {
    INBOUND, OUTBOUND
}
