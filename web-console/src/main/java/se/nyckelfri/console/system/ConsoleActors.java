package se.nyckelfri.console.system;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Component;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;

/**
 * Who is using the console, as the services know them: the account of the OpenID Connect subject, read on every
 * request so that a changed role, a changed set of care units or a removed account takes effect at once. Thread-safe.
 */
@Component
public class ConsoleActors {

    private final Accounts accounts;

    ConsoleActors(Accounts accounts) {
        this.accounts = accounts;
    }

    /** The actor signed in to the console, or an {@link AccessDeniedException} when there is none. */
    public Actor current(Authentication authentication) {
        if (!(authentication instanceof OAuth2AuthenticationToken token)) {
            throw new AccessDeniedException("not signed in to the console");
        }
        return accounts.find(token.getName()).orElseThrow(() -> new AccessDeniedException("no account for this sign-in"));
    }
}
