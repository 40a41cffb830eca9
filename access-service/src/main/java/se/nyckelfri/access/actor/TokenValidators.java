package se.nyckelfri.access.actor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;

/** The checks every accepted access token passes, whoever issued it. */
public final class TokenValidators {

    /** Tolerated clock difference between the identity provider and us. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** The header type of a JWT access token (RFC 9068), as the embedded provider writes it. */
    public static final String ACCESS_TOKEN_TYPE = "at+jwt";

    private TokenValidators() {
    }

    /**
     * Expiry required and not passed, not-before not in the future (both with {@link #CLOCK_SKEW}), issuer equal to
     * {@code issuer}, an audience among {@code audiences} (required: without it an identity token, or an access token
     * the same provider issued for another application, would pass), and, when {@code types} is not empty, a header
     * {@code typ} among them.
     *
     * @throws IllegalArgumentException if {@code audiences} is empty
     */
    public static OAuth2TokenValidator<Jwt> standard(String issuer, List<String> audiences, List<String> types) {
        if (audiences.isEmpty() || audiences.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("The APIs need the audience their access tokens are issued for: set "
                    + "spring.security.oauth2.resourceserver.jwt.audiences (see docs/design/identity.md).");
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull));
        validators.add(new JwtTimestampValidator(CLOCK_SKEW));
        validators.add(new JwtIssuerValidator(issuer));
        validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.stream().anyMatch(audiences::contains)));
        if (!types.isEmpty()) {
            JwtTypeValidator type = new JwtTypeValidator(types);
            type.setAllowEmpty(false);
            validators.add(type);
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }
}
