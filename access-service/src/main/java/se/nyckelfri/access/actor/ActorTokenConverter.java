package se.nyckelfri.access.actor;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Turns a verified token into an {@link ActorAuthentication}. The identity provider only says who someone is;
 * what they may do comes from the local account table, so an external IdP cannot hand out roles here.
 */
final class ActorTokenConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final Accounts accounts;

    ActorTokenConverter(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null) {
            throw invalid("The token has no subject.");
        }
        return accounts.find(subject)
                .map(actor -> new ActorAuthentication(actor, jwt))
                .orElseThrow(() -> invalid("No enabled account for this token's subject."));
    }

    private static OAuth2AuthenticationException invalid(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
