package org.sshwire.transport.keys;

/**
 * An encrypted key file could not be decrypted with the passphrase given (or none was given):
 * the check integers of an openssh-key-v1 file differ after decryption, a GCM tag fails, or
 * the padding of a PEM/PKCS#8 file is wrong. Distinct from a corrupt file, which is a plain
 * {@link KeyFormatException}.
 */
public final class WrongPassphraseException extends KeyFormatException {
    private static final long serialVersionUID = 1L;

    public WrongPassphraseException(String message) {
        super(message);
    }
}
