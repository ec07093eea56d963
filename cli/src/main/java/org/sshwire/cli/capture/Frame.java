package org.sshwire.cli.capture;

/**
 * One captured frame as the capture file holds it.
 *
 * @param linkType   the LINKTYPE_ value of its interface (tcpdump.org/linktypes.html)
 * @param timeNanos  capture time, nanoseconds since the epoch
 * @param data       the captured bytes (possibly fewer than were on the wire)
 * @param number     1-based position in the file, as Wireshark numbers frames
 */
public record Frame(int linkType, long timeNanos, byte[] data, long number) {
}
