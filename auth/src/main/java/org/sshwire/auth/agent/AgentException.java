package org.sshwire.auth.agent;

import java.io.IOException;

/** The agent refused a request (SSH_AGENT_FAILURE) or answered with something that is not a reply to it. */
public final class AgentException extends IOException {
    private static final long serialVersionUID = 1L;

    public AgentException(String message) {
        super(message);
    }
}
