package se.nyckelfri.console.system;

import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import se.nyckelfri.access.actor.Accounts;
import se.nyckelfri.access.actor.Actor;

/**
 * Who is using the console, as the services know them: the account of the OpenID Connect subject, read once per
 * request (the page's frame and its controller share it) so that a changed role, a changed set of care units or a
 * removed account takes effect at the next request. Thread-safe.
 */
@Component
public class ConsoleActors {

    private static final String THIS_REQUEST = ConsoleActors.class.getName() + ".actor";

    private final Accounts accounts;

    ConsoleActors(Accounts accounts) {
        this.accounts = accounts;
    }

    /** The actor signed in to the console, or an {@link AccessDeniedException} when there is none. */
    public Actor current(Authentication authentication) {
        return find(authentication).orElseThrow(() -> new AccessDeniedException("not signed in to the console"));
    }

    /** The actor signed in to the console, if any. */
    public Optional<Actor> find(Authentication authentication) {
        if (!(authentication instanceof OAuth2AuthenticationToken token)) {
            return Optional.empty();
        }
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object known = request == null ? null : request.getAttribute(THIS_REQUEST, RequestAttributes.SCOPE_REQUEST);
        if (known instanceof Actor actor && actor.subject().equals(token.getName())) {
            return Optional.of(actor);
        }
        Optional<Actor> found = accounts.find(token.getName());
        if (request != null) {
            found.ifPresent(actor -> request.setAttribute(THIS_REQUEST, actor, RequestAttributes.SCOPE_REQUEST));
        }
        return found;
    }
}
