package se.nyckelfri.lock.protocol.cose;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    @Test
    void verifyWhenSameKeyManyTimesOnManyThreadsThenEveryAnswerRight() throws Exception {
        byte[] good = Es256.signer(key.getPrivate()).sign(data);
        byte[] bad = good.clone();
        bad[40] ^= 1;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                boolean valid = i % 2 == 0;
                answers.add(threads.submit(() -> Es256.verify(key.getPublic(), data, valid ? good : bad) == valid));
            }
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get()).isTrue();
            }
        } finally {
            threads.shutdown();
        }
    }

    @Test
    void verifyWhenKeyIsNotOnTheCurveThenFalseEveryTime() {
        ECPublicKey real = (ECPublicKey) key.getPublic();
        ECPublicKey offCurve = new ECPublicKey() {
            @Override
            public ECPoint getW() {
                return new ECPoint(real.getW().getAffineX(), real.getW().getAffineY().add(BigInteger.ONE));
            }

            @Override
            public ECParameterSpec getParams() {
                return real.getParams();
            }

            @Override
            public String getAlgorithm() {
                return "EC";
            }

            @Override
            public String getFormat() {
                return null;
            }

            @Override
            public byte[] getEncoded() {
                return null;
            }
        };
        byte[] raw = Es256.signer(key.getPrivate()).sign(data);
        assertThat(Es256.verify(offCurve, data, raw)).isFalse();
        assertThat(Es256.verify(offCurve, data, raw)).isFalse();
        assertThat(Es256.verify(key.getPublic(), data, raw)).isTrue();
    }
}
