package se.nyckelfri.lock.protocol.cose;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The BouncyCastle ES256 against the JDK's: each verifies the other's signatures, and rejects what it must. */
class Es256Test {

    final KeyPair key = P256.generate();
    final byte[] data = "Sig_structure bytes".getBytes();

    @Test
    void signWhenVerifiedByTheJdkThenValidAndDeterministic() throws Exception {
        byte[] raw = Es256.signer(key.getPrivate()).sign(data);
        assertThat(raw).hasSize(64).isEqualTo(Es256.signer(key.getPrivate()).sign(data));
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdk.initVerify(key.getPublic());
        jdk.update(data);
        assertThat(jdk.verify(raw)).isTrue();
    }

    @Test
    void verifyWhenSignedByTheJdkThenValidAndWhenAlteredOrForeignThenNot() throws Exception {
        Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdk.initSign(key.getPrivate());
        jdk.update(data);
        byte[] raw = jdk.sign();
        assertThat(Es256.verify(key.getPublic(), data, raw)).isTrue();
        byte[] altered = raw.clone();
        altered[10] ^= 1;
        assertThat(Es256.verify(key.getPublic(), data, altered)).isFalse();
        assertThat(Es256.verify(P256.generate().getPublic(), data, raw)).isFalse();
        assertThat(Es256.verify(key.getPublic(), data, Arrays.copyOf(raw, 63))).isFalse();
        assertThat(Es256.verify(key.getPublic(), data, new byte[64])).as("r = s = 0").isFalse();
    }
}
