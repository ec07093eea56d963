package org.sshwire.transport.keys;

/**
 * Malformed key material: a bad public-key blob, signature blob, key file, certificate or
 * key line. The one unchecked error every key parser raises for bad input; subclasses say more
 * ({@link WrongPassphraseException}, {@link UnsupportedKeyTypeException},
 * {@link CertificateException}).
 *
 * <pre>{@code
 * try {
 *     SshPublicKey key = SshPublicKey.parse(blob);
 * } catch (KeyFormatException e) {
 *     log.warn("bad key: " + e.getMessage());
 * }
 * }</pre>
 */
public class KeyFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
