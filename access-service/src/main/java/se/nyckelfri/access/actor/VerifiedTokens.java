package se.nyckelfri.access.actor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * A {@link JwtDecoder} that remembers, for a short while, the tokens whose signature it has already verified.
 *
 * <p>A staff app sends the same bearer token with every request for the token's lifetime, and verifying its ES256
 * signature again each time was the largest single cost of an API request (docs/benchmarks.md). The bytes of a token
 * do not change, so neither does the result of checking their signature with the same key: a token found here is
 * the exact string verified before. What can change with time is checked on every request, cached or not: the
 * {@code validator} (expiry, not-before, issuer, audience) runs each time, and the account behind the token is looked
 * up each time by the caller. An entry is kept at most {@link #MAX_AGE} (so a key withdrawn from the key set stops
 * being honoured within that time even for tokens seen before) and never past the token's own expiry.
 *
 * <p>Bounded: at most {@code capacity} tokens; when full, the whole cache is dropped and refilled (tokens are
 * short-lived, so nothing is lost but a re-verification). Thread-safe.
 */
public final class VerifiedTokens implements JwtDecoder {

    /** How long a verified signature is trusted without checking it again. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** Room for the tokens of a large municipality's staff on shift at once. */
    static final int DEFAULT_CAPACITY = 20_000;

    private record Verified(Jwt jwt, Instant until) { }

    private final JwtDecoder verifying;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Clock clock;
    private final int capacity;
    private final ConcurrentHashMap<String, Verified> cache = new ConcurrentHashMap<>();

    /**
     * {@code decoder}, set to check {@code validator} on every token, behind a cache of verified signatures that
     * runs {@code validator} again on every token it finds.
     */
    public static JwtDecoder validating(NimbusJwtDecoder decoder, OAuth2TokenValidator<Jwt> validator) {
        decoder.setJwtValidator(validator);
        return new VerifiedTokens(decoder, validator, Clock.systemUTC(), DEFAULT_CAPACITY);
    }

    /**
     * @param verifying the decoder that parses, verifies the signature and validates (it must apply {@code validator})
     * @param validator the claim checks to run again on a token found in the cache
     */
    VerifiedTokens(JwtDecoder verifying, OAuth2TokenValidator<Jwt> validator, Clock clock, int capacity) {
        this.verifying = verifying;
        this.validator = validator;
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        if (token == null) {
            throw new BadJwtException("no token");
        }
        Instant now = clock.instant();
        Verified known = cache.get(token);
        if (known != null && now.isBefore(known.until())) {
            OAuth2TokenValidatorResult result = validator.validate(known.jwt());
            if (result.hasErrors()) {
                cache.remove(token);
                throw new JwtValidationException("The token is no longer valid.", result.getErrors());
            }
            return known.jwt();
        }
        Jwt jwt = verifying.decode(token);
        Instant until = now.plus(MAX_AGE);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        if (cache.size() >= capacity) {
            cache.clear();
        }
        cache.put(token, new Verified(jwt, until));
        return jwt;
    }
}
