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

/** The checks every accepted access token passes, whoever issued it. */
public final class TokenValidators {

    /** Tolerated clock difference between the identity provider and us. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private TokenValidators() {
    }

    /**
     * Expiry required and not passed, not-before not in the future (both with {@link #CLOCK_SKEW}), issuer equal to
     * {@code issuer}, and, when {@code audiences} is not empty, an audience among them.
     */
    public static OAuth2TokenValidator<Jwt> standard(String issuer, List<String> audiences) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull));
        validators.add(new JwtTimestampValidator(CLOCK_SKEW));
        validators.add(new JwtIssuerValidator(issuer));
        if (!audiences.isEmpty()) {
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && aud.stream().anyMatch(audiences::contains)));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }
}
