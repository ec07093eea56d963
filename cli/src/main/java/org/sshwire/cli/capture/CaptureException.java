package org.sshwire.cli.capture;

/** A capture file that cannot be read: truncated, garbage, or a kind this reader does not know. */
public final class CaptureException extends RuntimeException {
    public CaptureException(String message) {
        super(message);
    }
}
