package se.nyckelfri.district.homes;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code nyckelfri.district.enabled}: {@code true}, {@code false}, or {@code auto} (default): on with the embedded
 * database and demo data, off otherwise; always off with an external broker.
 */
class SimulatedDistrictCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var env = context.getEnvironment();
        if ("false".equalsIgnoreCase(env.getProperty("nyckelfri.broker.embedded", "true").trim())) {
            return false; // the district's gateways use the embedded broker
        }
        String setting = env.getProperty("nyckelfri.district.enabled", "auto").trim().toLowerCase();
        if (!"auto".equals(setting)) {
            return Boolean.parseBoolean(setting);
        }
        String demo = env.getProperty("nyckelfri.demo.enabled", "auto").trim().toLowerCase();
        return "true".equals(demo) || ("auto".equals(demo) && !env.containsProperty("spring.datasource.url"));
    }
}
