package org.sshwire.proxy;

import java.io.IOException;

/** A {@link Router} refused a login's target; the message is shown to the user as it is. */
public final class RouteDeniedException extends IOException {
    private static final long serialVersionUID = 1L;

    public RouteDeniedException(String message) {
        super(message);
    }
}
