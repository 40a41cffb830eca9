package se.nyckelfri.lock.protocol;

import java.security.KeyPair;

/** Fresh P-256 key pairs for tests. */
public final class TestKeys {

    private TestKeys() {
    }

    public static KeyPair p256() {
        return se.nyckelfri.lock.protocol.cose.P256.generate();
    }
}
