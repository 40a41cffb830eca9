package se.nyckelfri.access.overload;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import se.nyckelfri.access.actor.Actor;

/**
 * Runs every {@link ExpensiveRead} method under a permit of {@link ExpensiveReads}. The advice is ordered just outside
 * the transaction advice (which has the lowest precedence), so the permit is taken — and a refusal made — before a
 * connection is, and inside method security, so a caller refused by role is refused (and recorded) as before.
 */
@Configuration(proxyBeanMethods = false)
class ExpensiveReadConfiguration {

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor expensiveReadAdvisor(ObjectProvider<ExpensiveReads> reads) {
        MethodInterceptor bulkhead = invocation -> {
            try (ExpensiveReads.Permit permit = reads.getObject().enter(userOf(invocation.getArguments()))) {
                return invocation.proceed();
            }
        };
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(ExpensiveRead.class),
                bulkhead);
        advisor.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
        return advisor;
    }

    /** Whom the read is counted against: the acting user named in the call, else the signed-in one. */
    static String userOf(Object[] arguments) {
        for (Object argument : arguments) {
            if (argument instanceof Actor actor) {
                return actor.subject();
            }
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "" : authentication.getName();
    }
}
