package se.nyckelfri.platform.identity;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True unless an external OIDC provider is configured. */
class EmbeddedIdentityProviderCondition implements Condition {

    static final String EXTERNAL_ISSUER = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return !context.getEnvironment().containsProperty(EXTERNAL_ISSUER);
    }
}
