package se.nyckelfri.access.resident;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.system.SecretFiles;

/**
 * AES-256-GCM sealing with a random 96-bit nonce and the resident id and field name as associated data; lookups
 * by HMAC-SHA256. Both keys derive from one 256-bit master key in {@code <data-dir>/keys/personal-data.key}
 * (created at first start, mode 600, never in the database). Format: nonce ‖ ciphertext+tag. Thread-safe.
 */
@Component
class AesGcmPersonalDataSealer implements PersonalDataSealer {

    private static final int NONCE_BYTES = 12;
    private final SecretKeySpec sealingKey;
    private final SecretKeySpec lookupKey;
    private final SecureRandom random = new SecureRandom();

    AesGcmPersonalDataSealer(@Value("${nyckelfri.data-dir:./data}") Path dataDir) {
        byte[] master = SecretFiles.loadOrCreate(dataDir.resolve("keys/personal-data.key"), () -> {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return key;
        });
        this.sealingKey = new SecretKeySpec(derive(master, "nyckelfri personal-data sealing v1"), "AES");
        this.lookupKey = new SecretKeySpec(derive(master, "nyckelfri personal-data lookup v1"), "HmacSHA256");
    }

    @Override
    public byte[] seal(UUID residentId, String field, String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealingKey, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associatedData(residentId, field));
            byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    @Override
    public String open(UUID residentId, String field, byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealingKey, new GCMParameterSpec(128, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(residentId, field));
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealed " + field + " of a resident does not open: wrong key or altered", e);
        }
    }

    @Override
    public byte[] lookupKey(PersonalIdentityNumber number) {
        return hmac(lookupKey, number.digits().getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] associatedData(UUID residentId, String field) {
        return (residentId + "/" + field).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] derive(byte[] master, String purpose) {
        return hmac(new SecretKeySpec(master, "HmacSHA256"), purpose.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
