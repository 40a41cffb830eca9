package se.nyckelfri.access.unlocking;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.system.SecretFiles;

/**
 * Broker passwords for gateways and for the backend itself: HMAC-SHA256 of the account name under a broker key
 * kept in {@code <data-dir>/keys/broker.key} (mode 600). A gateway gets its password at provisioning; the broker
 * recomputes it to check, so no password is stored anywhere. Thread-safe.
 */
@Component
public class GatewayCredentials {

    /** The backend's own broker account. */
    public static final String BACKEND = "nyckelfri-backend";
    private final SecretKeySpec key;

    public GatewayCredentials(@Value("${nyckelfri.data-dir:./data}") Path dataDir) {
        byte[] secret = SecretFiles.loadOrCreate(dataDir.resolve("keys/broker.key"), () -> {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            return bytes;
        });
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String passwordFor(String account) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(account.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time check of an account's password. */
    public boolean verify(String account, String password) {
        return account != null && password != null && MessageDigest.isEqual(
                passwordFor(account).getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    }
}
