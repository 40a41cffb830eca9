package se.nyckelfri.platform.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The embedded provider's authorization records, which also remember which access tokens were withdrawn before
 * their expiry, so the APIs can refuse them on the next request.
 *
 * <p>An access token is withdrawn when the provider saves its authorization with the token invalidated (a revocation
 * at {@code /oauth2/revoke} of the access token or of its refresh token, or a replayed authorization code) or
 * removes an authorization whose access token was still live. The record of a withdrawn token is kept until the
 * token expires (at most 15 minutes), so it stays small and a lookup is one hash-map read per request; it is not
 * cached anywhere else, so a revocation takes effect on the next request.
 *
 * <p>A token this store has no record of is not refused: the records live in memory, so tokens issued before a
 * restart (still valid by signature for their remaining minutes) keep working, and so do tokens issued by another
 * node. Thread-safe.
 */
final class RevocationRecordingAuthorizations implements OAuth2AuthorizationService {

    /** Kept this long for an access token without an expiry (the provider always sets one). */
    private static final Duration WITHOUT_EXPIRY = Duration.ofHours(1);

    private final OAuth2AuthorizationService records;
    private final Clock clock;
    private final ConcurrentHashMap<String, Instant> withdrawnUntil = new ConcurrentHashMap<>();

    RevocationRecordingAuthorizations(OAuth2AuthorizationService records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
        if (access != null && access.isInvalidated()) {
            withdraw(access.getToken());
        }
        records.save(authorization);
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
        if (access != null) {
            withdraw(access.getToken());
        }
        records.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return records.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return records.findByToken(token, tokenType);
    }

    /** True if {@code tokenValue} is an access token of this provider that was withdrawn. */
    boolean isWithdrawn(String tokenValue) {
        return withdrawnUntil.containsKey(tokenValue);
    }

    /** A validator that refuses withdrawn access tokens. */
    OAuth2TokenValidator<Jwt> notWithdrawn() {
        OAuth2Error revoked = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token has been revoked.", null);
        return jwt -> isWithdrawn(jwt.getTokenValue())
                ? OAuth2TokenValidatorResult.failure(revoked)
                : OAuth2TokenValidatorResult.success();
    }

    private void withdraw(OAuth2AccessToken token) {
        Instant now = clock.instant();
        withdrawnUntil.values().removeIf(until -> until.isBefore(now));
        Instant expires = token.getExpiresAt();
        if (expires == null) {
            expires = now.plus(WITHOUT_EXPIRY);
        }
        if (expires.isAfter(now)) {
            withdrawnUntil.put(token.getTokenValue(), expires);
        }
    }
}
