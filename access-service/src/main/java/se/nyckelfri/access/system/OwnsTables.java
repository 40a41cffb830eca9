package se.nyckelfri.access.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a feature module's {@code package-info.java}: the tables (and read-only views) of access-service's changelog that
 * belong to this feature. Only the feature's own code (its package and sub-packages) names its tables in SQL or maps
 * them with JPA; other features call its API, or read a view it publishes here for a query that must stay one indexed
 * lookup. {@code TableOwnershipTest} reads these and fails on a table nobody or two features claim, and on a crossing.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PACKAGE)
public @interface OwnsTables {

    /** Tables this feature creates and alone may name. */
    String[] value() default {};

    /** Views this feature publishes over its tables: read-only, their columns a contract, readable by any feature. */
    String[] views() default {};
}
