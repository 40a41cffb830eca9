package se.nyckelfri.access.system;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans the access service needs from its host, with defaults. */
@Configuration(proxyBeanMethods = false)
class AccessServiceConfiguration {

    /** The one source of "now"; tests replace it. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
