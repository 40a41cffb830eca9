package se.nyckelfri.district.demo;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code nyckelfri.demo.enabled}: {@code true}, {@code false}, or {@code auto} (the default): on with the embedded
 * database, off when an external database is configured, so a real installation never gets demo users.
 */
class DemoDataCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment env = context.getEnvironment();
        String setting = env.getProperty("nyckelfri.demo.enabled", "auto").trim().toLowerCase();
        return switch (setting) {
            case "true" -> true;
            case "false" -> false;
            default -> !env.containsProperty("spring.datasource.url");
        };
    }
}
